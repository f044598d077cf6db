/**
 * The notes a policy summary carries, in both languages (the command line prints these; the
 * extension shows the same sentences from its locales as `sendtest_policy_<code>`, kept equal to
 * these by a test).
 */
import type { PolicyNoteCode } from '@/contract/mail-policy';

export const POLICY_NOTE_TEXT: Readonly<Record<PolicyNoteCode, { en: string; zh_TW: string }>> = {
  'colleagues-pass': {
    en: "Mail from colleagues at your school passes Gmail's checks after the forward: it leaves from the same school server, which the school's SPF record names.",
    zh_TW: '同校同事寄來的信轉寄後能通過 Gmail 的檢查：它從同一台學校伺服器寄出，而學校的 SPF 紀錄列有這台伺服器。',
  },
  'colleagues-spf-not-listed': {
    en: "The school's SPF record does not name the server that forwards your mail, so even colleagues' mail can fail Gmail's checks after the forward; tell the IT staff.",
    zh_TW: '學校的 SPF 紀錄沒有列出轉寄信件的伺服器，所以連同事寄來的信轉寄後也可能無法通過 Gmail 的檢查；請告知電算中心。',
  },
  'colleagues-spf-unknown': {
    en: "Whether the school's SPF record names the forwarding server could not be told; colleagues' mail most likely passes, since it leaves from the same server.",
    zh_TW: '無法判斷學校的 SPF 紀錄是否列有轉寄伺服器；同事寄來的信從同一台伺服器寄出，多半仍能通過。',
  },
  'outside-dkim': {
    en: 'Mail from outside senders arrives in Gmail only if their DKIM signature survives the forward: Mail2000 keeps the original sender, so the SPF check fails at Gmail.',
    zh_TW:
      '校外寄件者的信，只有在對方的 DKIM 簽章轉寄後仍完整時才會進入 Gmail：Mail2000 轉寄時保留原寄件者，因此 Gmail 的 SPF 檢查會失敗。',
  },
  'dmarc-strict': {
    en: "The school's DMARC policy tells receivers to reject or quarantine mail that fails these checks, so a forward Gmail cannot verify is refused or filed as spam.",
    zh_TW: '學校的 DMARC 政策要求收件端拒收或隔離未通過檢查的信，所以 Gmail 無法驗證的轉寄信會被退回或歸入垃圾郵件。',
  },
  'keep-copy': {
    en: 'Keep a copy in Mail2000: when Gmail refuses a forwarded message, the bounce goes back to the original sender, not to you, and the copy in Mail2000 is the only one you have.',
    zh_TW: '請在 Mail2000 保留副本：Gmail 拒收轉寄的信時，退信會寄回原寄件者而不是您，Mail2000 裡的副本就是您唯一的一份。',
  },
};
