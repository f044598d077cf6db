/**
 * Gmail's texts for a failing POP fetch (shown on an account row of Accounts and Import, and in the
 * wizard window after "Add Account") mapped to our finding codes. Shared by the settings audit and
 * the wizard's status note, so one table decides what an error means.
 *
 * English texts are the ones Gmail is known to show. Gmail's zh-TW
 * wording of these errors is not published: the zh-TW patterns are deliberately loose (key words
 * rather than whole sentences), and server-side texts that Gmail passes through untranslated
 * (`Missing +OK`, `READ_ERROR`, `Connection reset by peer`) are matched in either language.
 */
import type { FindingCode } from './schema';

export type GmailErrorCode = Extract<
  FindingCode,
  'auth-denied' | 'dns' | 'ssl-mismatch' | 'wrong-port' | 'imap-port' | 'no-uidl' | 'max-accounts' | 'try-later' | 'network'
>;

export interface GmailErrorPattern {
  code: GmailErrorCode;
  en: readonly RegExp[];
  zhTW: readonly RegExp[];
}

/**
 * Order matters: the first match wins. `imap-port` comes before `auth-denied` and `network` because
 * the IMAP greeting text can appear inside longer messages; `no-uidl` before the generic ones.
 */
export const GMAIL_ERROR_PATTERNS: readonly GmailErrorPattern[] = [
  {
    code: 'imap-port',
    en: [/missing \+ok response/i, /\*\s*ok\b.*imap/i],
    zhTW: [/缺少\s*\+OK/i, /\+OK\s*回應/i],
  },
  {
    code: 'no-uidl',
    en: [/does not support leaving messages on the server/i, /\buidl\b/i],
    zhTW: [/不支援.*(保留|留存).*(郵件|訊息|副本)/],
  },
  {
    code: 'auth-denied',
    en: [/server denied pop3 access/i, /username and password/i, /authentication failed/i],
    zhTW: [/伺服器拒絕.*POP3/i, /拒絕.*(存取|存取權)/, /使用者名稱.*密碼/, /(驗證|認證)失敗/],
  },
  {
    code: 'dns',
    en: [/unable to locate the other domain/i, /could not (find|resolve) (the )?(server|host)/i],
    zhTW: [/找不到.*(網域|伺服器|主機)/, /無法(找到|解析).*(網域|伺服器)/],
  },
  {
    code: 'ssl-mismatch',
    en: [/ssl protocol error/i, /try disabling ssl/i, /\bssl\b.*(error|handshake)/i],
    zhTW: [/SSL\s*(通訊協定|協定)?\s*錯誤/i, /停用\s*SSL/i],
  },
  {
    code: 'max-accounts',
    en: [/maximum number of accounts/i],
    zhTW: [/(帳戶|帳號).*(數量|數目)?.*(上限|最大)/, /已達.*上限/],
  },
  {
    code: 'wrong-port',
    en: [/unable to process the account info/i],
    zhTW: [/無法處理.*(帳戶|帳號).*資訊/],
  },
  {
    code: 'try-later',
    en: [/cannot be imported right now/i, /try again later/i],
    zhTW: [/目前無法匯入/, /稍後再試/],
  },
  {
    code: 'network',
    en: [/connection timed out/i, /connection reset/i, /read_error/i, /connection refused/i, /timed? ?out/i],
    zhTW: [/連線逾時/, /連線(已)?(被)?重設/, /連線遭拒/, /READ_ERROR/i, /逾時/],
  },
];

export interface GmailErrorMatch {
  code: GmailErrorCode;
  lang: 'en' | 'zh-TW';
  /** The matched text, trimmed and shortened: it goes into a finding's evidence. */
  evidence: string;
}

const clip = (s: string, n = 300): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** What an error text from Gmail means, or null when it is not a known fetch error. */
export const matchGmailError = (text: string | null | undefined): GmailErrorMatch | null => {
  if (!text) return null;
  const s = text.replace(/\s+/g, ' ');
  if (!s.trim()) return null;
  for (const p of GMAIL_ERROR_PATTERNS) {
    if (p.en.some((r) => r.test(s))) return { code: p.code, lang: 'en', evidence: clip(s) };
    if (p.zhTW.some((r) => r.test(s))) return { code: p.code, lang: 'zh-TW', evidence: clip(s) };
  }
  return null;
};

/** True when a row's status text looks like an error at all (used to pick the error part of a row). */
export const looksLikeError = (text: string): boolean => matchGmailError(text) !== null || /\berror\b|錯誤|失敗|failed/i.test(text);
