import { describe, expect, it } from 'vitest';
import { matchGmailError, looksLikeError, GMAIL_ERROR_PATTERNS } from '@/utils/audit/gmail-errors';

describe('matchGmailError', () => {
  const cases: Array<[string, string]> = [
    ['Server denied POP3 access for the given username and password.', 'auth-denied'],
    ['We were unable to locate the other domain. Please check the server name.', 'dns'],
    ['SSL protocol error. Please try disabling SSL, or check the port.', 'ssl-mismatch'],
    ['Unable to process the account info.', 'wrong-port'],
    ['Missing +OK response upon connecting to the server: * OK [CAPABILITY IMAP4rev1] ready', 'imap-port'],
    ['The server mail.au.edu.tw does not support leaving messages on the server.', 'no-uidl'],
    ['You already have the maximum number of accounts allowed.', 'max-accounts'],
    ['This account cannot be imported right now.', 'try-later'],
    ['Connection timed out.', 'network'],
    ['Connection reset by peer', 'network'],
    ['READ_ERROR', 'network'],
    // zh-TW (loose patterns: Gmail's exact wording is not published)
    ['伺服器拒絕了這組使用者名稱和密碼的 POP3 存取要求。', 'auth-denied'],
    ['我們找不到其他網域。', 'dns'],
    ['SSL 通訊協定錯誤，請嘗試停用 SSL。', 'ssl-mismatch'],
    ['無法處理帳戶資訊。', 'wrong-port'],
    ['連線至伺服器時缺少 +OK 回應：* OK', 'imap-port'],
    ['您的帳戶數量已達上限。', 'max-accounts'],
    ['目前無法匯入這個帳戶。', 'try-later'],
    ['連線逾時。', 'network'],
  ];
  it.each(cases)('%s → %s', (text, code) => {
    expect(matchGmailError(text)?.code).toBe(code);
  });

  it('reports the language that matched and a one-line evidence', () => {
    const m = matchGmailError('  Server denied POP3 access\n for the given username and password ');
    expect(m).toMatchObject({ code: 'auth-denied', lang: 'en' });
    expect(m?.evidence).toBe('Server denied POP3 access for the given username and password');
    expect(matchGmailError('連線逾時')?.lang).toBe('zh-TW');
  });

  it('does not invent errors from ordinary status texts', () => {
    for (const s of [
      'Last checked: 2 minutes ago. No mails fetched. View history Check mail now',
      'Checking emails…',
      '上次檢查時間：2 分鐘前。沒有擷取任何郵件。',
      '',
      '   ',
    ]) {
      expect(matchGmailError(s)).toBeNull();
      expect(looksLikeError(s)).toBe(false);
    }
    expect(matchGmailError(undefined)).toBeNull();
  });

  it('has every pattern list non-empty', () => {
    for (const p of GMAIL_ERROR_PATTERNS) {
      expect(p.en.length).toBeGreaterThan(0);
      expect(p.zhTW.length).toBeGreaterThan(0);
    }
  });
});
