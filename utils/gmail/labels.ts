/**
 * THE table of Gmail's visible texts (English and Traditional Chinese) that the content script
 * matches against. Gmail's ids and classes are obfuscated; what a person reads is the stable part.
 * Everything here is compared after `normalizeText` (utils/page/text.ts: full-width folded, lower
 * case, no trailing colons, «» arrows or ellipses, no spaces next to Chinese), so entries may be
 * written as Gmail shows them. Add a language or a variant by adding a
 * string: nothing else needs to change.
 *
 * Sections:
 *   WIZARD_TEXTS, WIZARD_FIELD_WORDS — the "Add a mail account" wizard (steps 1–4), read by
 *     entrypoints/gmail-settings/wizard/
 *   ACCOUNTS_TEXTS, ACCOUNTS_ROW_TEXTS — Settings › Accounts and Import (rows, links), read by
 *     entrypoints/gmail-settings/panel/ (reader.ts, fetch-row.ts, account-text.ts)
 */
import type { TextVariants, WordGroups } from '../page/fields';

// ─── Wizard ("Add a mail account" window) ──────────────────────────────────────────────────────
// zh-TW: Mail2000's own setup guide shows 在伺服器上保留已擷取郵件的副本 and 將外來郵件標示為; Gmail rewords
// others, so fields are matched by their distinctive words (WIZARD_FIELD_WORDS), backed by structure.
export const WIZARD_TEXTS = {
  // Buttons and Gmail's own texts; the fields are named by WIZARD_FIELD_WORDS below.
  next: ['Next', 'Next step', '下一步', '繼續'],
  newLabel: ['New label', '新增標籤', '新標籤'],
  addAccount: ['Add Account', '新增帳戶'],
  showErrorDetails: ['Show error details', '顯示錯誤詳細資料', '顯示錯誤詳情'],
  /** Step 4's question, shown in "Copy page structure" (the address inside it is scrubbed). */
  sendAsQuestion: ['Would you like to be able to send mail as', '您是否要以', '是否要以'],
} as const satisfies Record<string, TextVariants>;

/**
 * What each wizard field is about, in a few words per language. Gmail rewords its labels (zh-TW in
 * particular: 「擷取郵件時,一律使用安全連線」, 「封存內收郵件」), so fields are matched by these words
 * rather than by whole phrases. Fields of one kind (text, checkbox, …) must not share a word: a
 * control whose texts name two fields is taken by neither.
 */
export const WIZARD_FIELD_WORDS = {
  address: [['email'], ['e-mail'], ['電子郵件'], ['郵件地址'], ['郵件位址'], ['電郵']],
  username: [
    ['username'],
    ['user name'],
    ['user id'],
    ['login'],
    ['使用者名稱'],
    ['用戶名稱'],
    ['使用者'],
    ['用戶名'],
    ['帳號名稱'],
    ['登入名稱'],
  ],
  password: [['password'], ['密碼']],
  server: [['server'], ['host'], ['伺服器'], ['主機']],
  port: [['port'], ['通訊埠'], ['連接埠'], ['埠號']],
  leaveCopy: [['copy'], ['副本'], ['複本']],
  ssl: [['ssl'], ['tls'], ['secure'], ['安全連線'], ['安全連接'], ['加密連線']],
  label: [['label'], ['標籤'], ['標示'], ['標記']],
  archive: [['archive'], ['skip', 'inbox'], ['封存'], ['略過收件匣'], ['跳過收件匣']],
  pop: [['pop'], ['pop3'], ['import'], ['匯入']],
  yes: [['yes'], ['是']],
  no: [['no'], ['否'], ['不用'], ['不要']],
} as const satisfies Record<string, WordGroups>;

// ─── Accounts and Import page (panel) ──────────────────────────────────────────────────────────
// Compared after normalizing (lower case, spaces collapsed, trailing colon dropped). Only
// 查看其他帳戶的郵件, 帳戶和匯入 and 新增郵件帳戶 are confirmed zh-TW; the rest are best guesses,
// matched as substrings so small wording changes still match.
export const ACCOUNTS_TEXTS = {
  /** The row's heading. */
  checkMailHeading: ['check mail from other accounts', '查看其他帳戶的郵件', '檢查其他帳戶的郵件'],
  /** Gmail's own link that opens the wizard (whole text of the element). */
  addMailAccount: ['add a mail account', '新增郵件帳戶', '新增郵件帳號'],
  /** A notice in place of the link once Gmail stops taking new fetch accounts. */
  closedNotice: ['no longer', 'can no longer', 'not available', '不再支援', '無法再新增', '已停止'],
  /** Other parts of Accounts and Import: seeing them means the page has loaded. */
  pageLandmarks: [
    'change account settings',
    'import mail and contacts',
    'send mail as',
    'grant access to your account',
    'accounts and import',
    '變更帳戶設定',
    '匯入郵件和聯絡人',
    '以這個地址寄送郵件',
    '授予帳戶存取權',
    '帳戶和匯入',
  ],
} as const satisfies Record<string, TextVariants>;

/**
 * Words inside a fetch-account row's status ("Last checked: …", "Error: …", "delete"). Kept out of
 * ACCOUNTS_TEXTS on purpose: "Copy page structure" shows any text that contains a known text, and
 * these common words would let the person's row statuses (or mail subjects) into the snapshot.
 */
export const ACCOUNTS_ROW_TEXTS = {
  /** Links on each fetch-account row; not part of its status text. */
  rowActions: [
    'edit info',
    'delete',
    'view history',
    'check mail now',
    '編輯資訊',
    '刪除',
    '查看記錄',
    '查看紀錄',
    '檢視記錄',
    '立即檢查郵件',
  ],
  /** "Last checked: 2 minutes ago." */
  lastChecked: ['last checked', '上次檢查時間', '上次檢查'],
  /** Gmail's link on a row that fetches that account now. */
  checkNow: ['check mail now', '立即檢查郵件', '立即查看郵件', '立即檢查'],
  /** The prefix Gmail puts before a fetch error on a row. */
  errorPrefix: ['error', '錯誤'],
} as const satisfies Record<string, TextVariants>;
