// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { loadFixture, parseFixture } from '../support/gmail/fixtures';
import { readAccountsPage } from '@/entrypoints/gmail-settings/panel/reader';

const opts = { host: 'mail.au.edu.tw' };

describe('readAccountsPage on every fixture', () => {
  it('available-en: link offered, two rows, no errors', () => {
    const r = readAccountsPage(loadFixture('settings-available-en.html'), opts);
    expect(r.state).toBe('available');
    expect(r.addLink?.textContent).toBe('Add a mail account');
    expect(r.accounts).toEqual([
      {
        address: 'alice@mail.au.edu.tw',
        status: 'Last checked: 2 minutes ago. No mails fetched.',
        lastChecked: '2 minutes ago',
        isMail2000: true,
      },
      {
        address: 'bob.chen@example.org',
        status: 'Last checked: 31 minutes ago. 3 mails fetched.',
        lastChecked: '31 minutes ago',
        isMail2000: false,
      },
    ]);
    expect(r.placement && 'into' in r.placement && r.placement.into.contains(r.addLink!)).toBe(true);
  });

  it('available-zh-TW: link wrapped in extra spans, one row with an error', () => {
    const r = readAccountsPage(loadFixture('settings-available-zh-TW.html'), opts);
    expect(r.state).toBe('available');
    expect(r.addLink?.textContent?.trim()).toBe('新增郵件帳戶');
    expect(r.accounts).toHaveLength(1);
    expect(r.accounts[0]).toMatchObject({
      address: 's1234567@mail.au.edu.tw',
      lastChecked: '5 分鐘前',
      error: '伺服器拒絕了這組使用者名稱和密碼的 POP3 存取要求。',
      isMail2000: true,
    });
    expect(r.accounts[0]!.status).not.toMatch(/編輯資訊|刪除|查看記錄|新增郵件帳戶/);
  });

  it('available-zh-TW before its script ran: nothing known yet', () => {
    const doc = parseFixture('settings-available-zh-TW.html');
    expect(readAccountsPage(doc, opts).state).toBe('unknown');
  });

  it('errors-en: description-list layout, five error rows, button as the link', () => {
    const r = readAccountsPage(loadFixture('settings-errors-en.html'), opts);
    expect(r.state).toBe('available');
    expect(r.addLink?.tagName).toBe('BUTTON');
    expect(r.accounts.map((a) => [a.address, a.isMail2000, a.error])).toEqual([
      ['d01@mail.au.edu.tw', true, 'Server denied POP3 access for the given username and password.'],
      ['d02@mail.au.edu.tw', true, 'We were unable to locate the other domain.'],
      ['d03@mail.au.edu.tw', true, 'SSL protocol error. Please try disabling SSL.'],
      ['d04@au.edu.tw', true, 'Unable to process the account info.'],
      ['dana@other-school.example', false, 'Missing +OK response upon connecting to the server: * OK IMAP4rev1 ready'],
    ]);
    // The unrelated "Grant access" address is outside the row.
    expect(r.accounts.map((a) => a.address)).not.toContain('grant@example.net');
  });

  it('closed-en: notice instead of the link, rows still read', () => {
    const r = readAccountsPage(loadFixture('settings-closed-en.html'), opts);
    expect(r.state).toBe('closed');
    expect(r.addLink).toBeNull();
    expect(r.notice).toMatch(/no longer supports/);
    expect(r.accounts.map((a) => a.address)).toEqual([
      'emma@mail.au.edu.tw',
      'frank@mail.au.edu.tw',
      'grace@mail.au.edu.tw',
      'henry@example.com',
      'teacher@mail.au.edu.tw',
    ]);
    expect(r.accounts[3]!.error).toBe('READ_ERROR');
    expect(r.accounts[4]!.error).toBeUndefined();
    expect(r.accounts.every((a) => !/no longer/.test(a.status))).toBe(true);
  });

  it('closed-zh-TW: grid of divs, zh-TW notice, four rows', () => {
    const r = readAccountsPage(loadFixture('settings-closed-zh-TW.html'), opts);
    expect(r.state).toBe('closed');
    expect(r.notice).toMatch(/不再支援/);
    expect(r.accounts.map((a) => [a.address, a.lastChecked, a.error])).toEqual([
      ['kai@mail.au.edu.tw', '15 分鐘前', '連線逾時。'],
      ['lin@mail.au.edu.tw', '1 小時前', 'SSL 通訊協定錯誤，請嘗試停用 SSL。'],
      ['mei@mail.au.edu.tw', '2 分鐘前', '連線至伺服器時缺少 +OK 回應：* OK'],
      ['ning@example.net', '30 分鐘前', undefined],
    ]);
  });

  it.each(['settings-gone-en.html', 'settings-gone-zh-TW.html'])('%s: page loaded, row gone', (name) => {
    const r = readAccountsPage(loadFixture(name), opts);
    expect(r.state).toBe('gone');
    expect(r.accounts).toEqual([]);
    expect(r.placement && 'before' in r.placement).toBe(true);
  });

  it('empty: nothing of Accounts and Import on the page', () => {
    const r = readAccountsPage(loadFixture('settings-empty.html'), opts);
    expect(r.state).toBe('unknown');
    expect(r.placement).toBeNull();
  });
});

describe('the add link without link semantics', () => {
  it('is found by its whole text when Gmail makes a plain element clickable', () => {
    const doc = loadFixture('settings-available-en.html');
    const link = doc.querySelector('[role="link"][id=":ad"]')!;
    const plain = doc.createElement('div');
    const inner = doc.createElement('span');
    inner.textContent = 'Add a mail account';
    plain.append(inner);
    link.replaceWith(plain);
    const r = readAccountsPage(doc, opts);
    expect(r.state).toBe('available');
    expect(r.addLink).toBe(plain);
  });

  it('a longer text that mentions it is not the link', () => {
    const doc = loadFixture('settings-available-en.html');
    const link = doc.querySelector('[role="link"][id=":ad"]')!;
    const p = doc.createElement('p');
    p.textContent = 'You can no longer Add a mail account here.';
    link.replaceWith(p);
    expect(readAccountsPage(doc, opts).state).toBe('closed');
  });
});

describe('re-reading with the previous heading', () => {
  it('gives the same result, and falls back to a full search when the heading is gone', () => {
    const doc = loadFixture('settings-closed-zh-TW.html');
    const first = readAccountsPage(doc, opts);
    expect(first.heading).not.toBeNull();
    const again = readAccountsPage(doc, { ...opts, heading: first.heading });
    expect(again.accounts).toEqual(first.accounts);
    expect(again.state).toBe('closed');
    // Gmail re-rendered the row: the old heading is detached, the new row is found by searching.
    const row = first.heading!.closest('.grid-r')!;
    const copy = row.cloneNode(true) as Element;
    row.replaceWith(copy);
    const fresh = readAccountsPage(doc, { ...opts, heading: first.heading });
    expect(fresh.heading).not.toBe(first.heading);
    expect(copy.contains(fresh.heading!)).toBe(true);
    expect(fresh.accounts).toEqual(first.accounts);
  });
});
