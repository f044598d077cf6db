/**
 * What a forwarding test's result means and what to do, in both languages, one entry per code:
 * the send outcomes, and `copy-missing` / `bounced` for a message that was sent. The extension
 * shows the same sentences from its locales as `sendtest_result_<code>` (kept equal by a test);
 * the report's own fields (the subject to send by hand, the bounce's status) go next to them.
 */
import type { SendOutcome } from '@/contract/send-test';

export type ResultCode = SendOutcome | 'copy-missing' | 'bounced';

export const RESULT_TEXT: Readonly<Record<ResultCode, { en: string; zh_TW: string }>> = {
  accepted: {
    en: 'Your Mail2000 server accepted the test message. Now look for it in Gmail.',
    zh_TW: 'Mail2000 伺服器已收下測試信。請到 Gmail 看看是否收到。',
  },
  'auth-rejected': {
    en: 'The Mail2000 server refused the user name or password. Check them (the Mail2000 password is not the school SSO password) and try again.',
    zh_TW: 'Mail2000 伺服器拒絕了帳號或密碼。請確認後再試（Mail2000 密碼不是學校單一登入的密碼）。',
  },
  refused: {
    en: 'The Mail2000 server does not take mail from this network (some schools accept it only from campus). Send the test from the webmail instead, to yourself, with the subject below; Gmail is still watched for it.',
    zh_TW:
      'Mail2000 伺服器不接受從這個網路寄信（有些學校只接受校內網路）。請改在網頁郵件寄一封信給自己，主旨用下面這行；Gmail 那邊仍會等這封信。',
  },
  unreachable: {
    en: 'Neither port 465 nor 587 of the Mail2000 server answered from this network (some schools open them only on campus). Send the test from the webmail instead, to yourself, with the subject below; Gmail is still watched for it.',
    zh_TW:
      '從這個網路連不到 Mail2000 伺服器的 465 或 587 埠（有些學校只在校內開放）。請改在網頁郵件寄一封信給自己，主旨用下面這行；Gmail 那邊仍會等這封信。',
  },
  'no-tls': {
    en: 'The Mail2000 server offers no encrypted connection for sending, so nothing was sent, least of all your password. Send the test from the webmail instead, with the subject below.',
    zh_TW: 'Mail2000 伺服器寄信時不提供加密連線，所以沒有送出任何東西，更不會送出密碼。請改在網頁郵件寄信給自己，主旨用下面這行。',
  },
  certificate: {
    en: "The Mail2000 server's certificate could not be verified, so your password was not sent. Tell the IT staff; meanwhile send the test from the webmail, with the subject below.",
    zh_TW: 'Mail2000 伺服器的憑證無法驗證，所以沒有送出密碼。請通知電算中心；也可先在網頁郵件寄信給自己，主旨用下面這行。',
  },
  failed: {
    en: 'Sending the test message did not work (see the steps below). Try again, or send it from the webmail with the subject below.',
    zh_TW: '測試信沒有寄出（見下方各步驟）。請再試一次，或在網頁郵件寄信給自己，主旨用下面這行。',
  },
  'copy-missing': {
    en: 'The test message was sent, but no copy showed up in the Mail2000 inbox in time. Check that forwarding keeps a copy (保留副本), and look in the inbox again later.',
    zh_TW: '測試信已寄出，但在時限內沒有在 Mail2000 收件匣看到副本。請確認轉寄設定有勾選「保留副本」，稍後再看看收件匣。',
  },
  bounced: {
    en: 'The next server refused the forwarded test message: a bounce naming the test arrived in Mail2000. Forwarding is on, but the target (Gmail) refused it; see the status below.',
    zh_TW: '下一台伺服器拒收了轉寄的測試信：Mail2000 收到一封提到這次測試的退信。轉寄已開啟，但目的地（Gmail）拒收；原因見下方狀態。',
  },
};
