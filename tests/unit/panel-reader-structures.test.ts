// @vitest-environment happy-dom
// The Accounts and Import reader on pages built in five structures (tests/support/gmail/accounts-pages.ts),
// en and zh-TW, with 0, 1 and 3 fetch accounts, in each state; and the page whose row cannot be read.
import { describe, expect, it } from 'vitest';
import { readAccountsPage } from '@/entrypoints/gmail-settings/panel/reader';
import { accountsOf, accountsPage, allAccountsPages, ERROR_TEXT, hasError, specName } from '../support/gmail/accounts-pages';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const opts = { host: 'mail.au.edu.tw' };

describe('every structure, language, account count and state', () => {
  const specs = allAccountsPages();
  it('covers at least four structures in both languages', () => expect(specs.length).toBeGreaterThanOrEqual(4 * 2 * 7));
  for (const spec of specs) {
    it(specName(spec), () => {
      const r = readAccountsPage(parse(accountsPage(spec)), opts);
      expect(r.state).toBe(spec.state);
      const want = accountsOf(spec.accounts);
      expect(r.accounts.map((a) => a.address)).toEqual(spec.state === 'gone' ? [] : want);
      r.accounts.forEach((a, i) => {
        if (hasError(i, spec.accounts)) expect(a.error).toBe(ERROR_TEXT[spec.lang]);
        else expect(a.error).toBeUndefined();
        expect(a.lastChecked).toBeTruthy();
        // Nothing of the heading cell or the links in an account's status.
        expect(a.status).not.toMatch(/Learn more|瞭解詳情|edit info|編輯資訊|you@school/);
      });
      if (spec.state === 'available') expect(r.addLink?.textContent?.trim()).toMatch(/^(Add a mail account|新增郵件帳戶)$/);
      else expect(r.addLink).toBeNull();
      if (spec.state === 'closed') expect(r.notice).toMatch(/no longer|不再支援/);
      // The panel goes beside the row's content, never into the heading's own cell.
      if (r.placement && 'into' in r.placement) expect(r.placement.into.contains(r.heading!)).toBe(false);
    });
  }
});

describe('the row found but not readable', () => {
  it('a heading without any of its parts beside it is "unreadable", not "closed"', () => {
    const html = accountsPage({ structure: 'nested', lang: 'en', accounts: 0, state: 'available' }).replace(
      /<span role="link" tabindex="0"><span>Add a mail account<\/span><\/span>/,
      '<span>Add a m\u200bail account</span>',
    );
    const r = readAccountsPage(parse(html), opts);
    expect(r.state).toBe('unreadable');
    expect(r.accounts).toEqual([]);
  });
  it('zh-TW grid with an empty content cell: unreadable', () => {
    const html = accountsPage({ structure: 'grid', lang: 'zh-TW', accounts: 0, state: 'available' }).replace(
      /<div><div><span role="link" tabindex="0"><span>新增郵件帳戶<\/span><\/span><\/div><\/div>/,
      '',
    );
    expect(readAccountsPage(parse(html), opts).state).toBe('unreadable');
  });
});
