/**
 * THE table of Gmail's visible texts (English and Traditional Chinese) that the content script
 * matches against. Gmail's ids and classes are obfuscated; what a person reads is the stable part.
 * Everything here is compared after `normalizeText` (utils/gmail/text.ts), so write entries in
 * plain lower case without trailing colons or «» arrows. Add a language or a variant by adding a
 * string: nothing else needs to change.
 *
 * Sections:
 *   WIZARD_TEXTS   — the "Add a mail account" wizard (steps 1–4), owned by the wizard work (c1)
 *   ACCOUNTS_TEXTS — Settings › Accounts and Import (rows, links), owned by the panel work (c2)
 */

/** A set of ways Gmail may word one thing, in any of the languages it is shown in. */
export type TextVariants = readonly string[];

// ─── Wizard ("Add a mail account" window) ──────────────────────────────────────────────────────
// zh-TW: the seed confirms 在伺服器上保留已擷取郵件的副本 and 將外來郵件標示為; the others are
// Gmail's usual zh-TW wording as best known, backed by structural detection in the locator.
export const WIZARD_TEXTS = {} as const;

// ─── Accounts and Import page (panel, c2) ──────────────────────────────────────────────────────
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
  /** Links on each fetch-account row; not part of its status text. */
  rowActions: ['edit info', 'delete', 'view history', 'check mail now', '編輯資訊', '刪除', '查看記錄', '查看紀錄', '檢視記錄', '立即檢查郵件'],
  /** "Last checked: 2 minutes ago." */
  lastChecked: ['last checked', '上次檢查時間', '上次檢查'],
  /** The prefix Gmail puts before a fetch error on a row. */
  errorPrefix: ['error', '錯誤'],
} as const satisfies Record<string, TextVariants>;
