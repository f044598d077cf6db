/**
 * THE table of what a person reads on a Mail2000 webmail that the forwarding assistant matches
 * against (zh-TW and English). The V7/V8 auto-forward page's markup is not public, so everything
 * is found by these words and by structure, never by ids, classes or field names. Texts are
 * compared after `normalizeText` (utils/page/text.ts); word groups name a thing when a text holds
 * every word of one group (Latin words whole, Chinese anywhere). Add a variant by adding a string.
 *
 * Known from public material: the university's guide lists 信件處理 › 信件自動轉寄 with 保留副本 and
 * 限期轉寄; the V6 English help has Preferences › Mail Options › Auto-Forward with "Activate
 * Auto-Forward", up to 3 target addresses, OK and Clear; a site may require the personal security
 * code (個人安全碼) to change forwarding.
 */
import type { TextVariants, WordGroups } from '../page/fields';

/** Menu entries that lead to the auto-forward page itself. Never "轉寄"/"Forward" alone: that forwards one message. */
export const FORWARD_MENU: TextVariants = [
  '信件自動轉寄',
  '自動轉寄',
  '自動轉寄設定',
  '轉寄設定',
  '郵件轉寄',
  '信件轉寄',
  '郵件自動轉寄',
  'Auto Forward',
  'Auto-Forward',
  'Autoforward',
  'Auto Forwarding',
  'Forwarding',
  'Mail Forwarding',
  'Forward Settings',
  'Forwarding Settings',
];

/** Menu entries that hold it (opened first when the entry itself is not shown yet). */
export const FORWARD_MENU_PARENTS: TextVariants = [
  '信件處理',
  '郵件處理',
  '個人設定',
  '偏好設定',
  '個人化設定',
  'Mail handling',
  'Mail Handling',
  'Preferences',
  'Mail Options',
  'Personal Settings',
  'Settings',
];

/** Words in a page's text that say it is the auto-forward page (with its fields). */
export const FORWARD_PAGE_WORDS: WordGroups = [
  ['自動轉寄'],
  ['轉寄設定'],
  ['auto', 'forward'],
  ['auto-forward'],
  ['autoforward'],
  ['forwarding'],
];

/** What each field of the forward settings is about. `unless`: words that mean the opposite. */
export const FORWARD_FIELD_WORDS = {
  enable: [['啟用'], ['開啟'], ['enable'], ['activate'], ['自動轉寄'], ['auto-forward'], ['auto', 'forward'], ['forwarding', 'on']],
  enableUnless: [['不啟用'], ['停用'], ['關閉'], ['disable'], ['deactivate']],
  target: [
    ['轉寄到'],
    ['轉寄至'],
    ['轉寄地址'],
    ['轉寄信箱'],
    ['轉寄給'],
    ['轉寄的信箱'],
    ['forward', 'to'],
    ['forwarding', 'address'],
    ['forward', 'address'],
    ['target', 'address'],
    ['destination'],
  ],
  keepCopy: [
    ['保留副本'],
    ['保留備份'],
    ['保留原信'],
    ['保留', '信件'],
    ['keep', 'copy'],
    ['leave', 'copy'],
    ['save', 'copy'],
    ['keep', 'original'],
  ],
  keepCopyUnless: [['不保留'], ['刪除'], ['delete'], ['remove'], ["don't", 'keep'], ['do', 'not', 'keep']],
  limit: [
    ['限期轉寄'],
    ['有效期限'],
    ['轉寄期限'],
    ['期限'],
    ['forward', 'until'],
    ['until'],
    ['expire'],
    ['expires'],
    ['expiry'],
    ['expiration'],
    ['time', 'limit'],
    ['end', 'date'],
  ],
  /** A field only the person may fill. */
  code: [['個人安全碼'], ['安全碼'], ['security', 'code'], ['personal', 'code'], ['驗證碼'], ['verification', 'code']],
} as const satisfies Record<string, WordGroups>;

/** The words of a radio button (or select option) that mean "on" or "off" for a switch. */
export const SWITCH_WORDS = {
  on: [['是'], ['啟用'], ['開啟'], ['保留'], ['限期'], ['yes'], ['on'], ['enable'], ['enabled'], ['activate'], ['keep'], ['until']],
  off: [
    ['否'],
    ['不'],
    ['not'],
    ["don't"],
    ['停用'],
    ['關閉'],
    ['永久'],
    ['無期限'],
    ['no'],
    ['off'],
    ['disable'],
    ['disabled'],
    ['never'],
    ['forever'],
    ['unlimited'],
    ['none'],
    ['delete'],
  ],
} as const satisfies Record<string, WordGroups>;

/** The login form's user field (the password field is found by its type and never read). */
export const LOGIN_WORDS: WordGroups = [['帳號'], ['使用者'], ['account'], ['user'], ['username'], ['login'], ['登入']];

/** The form's save button, in the order tried; the assistant only ever focuses it. */
export const SAVE_BUTTONS: readonly TextVariants[] = [
  ['儲存', '存檔', '儲存設定', 'Save', 'Save settings', 'Save Changes'],
  ['確定', '確認', 'OK', '套用', 'Apply'],
  ['送出', '修改', '設定', 'Submit', 'Update', 'Set'],
];

/** A page that says its settings were saved. */
export const SAVED_WORDS: WordGroups = [
  ['設定成功'],
  ['儲存成功'],
  ['已儲存'],
  ['設定已儲存'],
  ['更新成功'],
  ['修改成功'],
  ['設定完成'],
  ['saved'],
  ['successfully'],
  ['settings', 'updated'],
];

/** Every text above, for "Copy page structure": these may be shown as they are. */
export const MAIL2000_KNOWN: readonly TextVariants[] = [
  FORWARD_MENU,
  FORWARD_MENU_PARENTS,
  ...SAVE_BUTTONS,
  ...Object.values(FORWARD_FIELD_WORDS).map((groups) => groups.map((g) => g.join(' '))),
  ['清除', '重設', '取消', 'Clear', 'Reset', 'Cancel', '登入', 'Login', '帳號', '密碼', 'Password'],
];
