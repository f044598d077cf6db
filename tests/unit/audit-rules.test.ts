import { describe, expect, it } from 'vitest';
import { auditFindings } from '@/utils/audit/rules';
import { findingKeys, findingTexts } from '@/utils/audit/texts';
import { FINDING_CODES, type FetchAccount, type PageState } from '@/utils/audit/schema';
import { ProfileSchema, defaultProfile } from '@/utils/profile/schema';
import type { ProbeReport } from '@/contract/protocol';
import { localeMessages, translator } from '../support/i18n/locale';

const NOW = Date.parse('2026-11-26T08:00:00Z');
const BEFORE = Date.parse('2026-02-01T00:00:00Z');
const profile = ProfileSchema.parse({ address: 'alice@mail.au.edu.tw' });
const acc = (address: string, error?: string, isMail2000 = address.endsWith('au.edu.tw')): FetchAccount => ({
  address,
  status: error ? `Last checked: 1 minute ago. Error: ${error}` : 'Last checked: 1 minute ago. No mails fetched.',
  ...(error ? { error } : {}),
  isMail2000,
});

describe('auditFindings', () => {
  it('maps each row error to its code, errors first, and counts down for Mail2000 fetchers', () => {
    const f = auditFindings({
      profile,
      pageState: 'closed',
      now: NOW,
      accounts: [
        acc('a@mail.au.edu.tw', 'Server denied POP3 access for the given username and password.'),
        acc('b@mail.au.edu.tw', 'This account cannot be imported right now.'),
        acc('c@example.org', 'Connection timed out.'),
        acc('d@example.org'),
      ],
    });
    expect(f.map((x) => [x.code, x.severity, x.account])).toEqual([
      ['auth-denied', 'error', 'a@mail.au.edu.tw'],
      ['network', 'error', 'c@example.org'],
      ['try-later', 'warn', 'b@mail.au.edu.tw'],
      ['pop-retiring', 'warn', 'a@mail.au.edu.tw'],
      ['pop-retiring', 'warn', 'b@mail.au.edu.tw'],
    ]);
    expect(f[0]!.evidence).toMatch(/Server denied POP3 access/);
  });

  it('finds profile problems only when a Mail2000 account exists or can be added', () => {
    const weak = ProfileSchema.parse({ address: 'a@mail.au.edu.tw', popPort: 110, keepCopy: false, label: false });
    const codes = (pageState: PageState, accounts: FetchAccount[]) =>
      auditFindings({ profile: weak, accounts, pageState, now: BEFORE }).map((x) => x.code);
    expect(codes('available', [])).toEqual(['not-secure', 'no-keep-copy', 'no-label']);
    expect(codes('closed', [acc('a@mail.au.edu.tw')])).toEqual(['not-secure', 'no-keep-copy', 'pop-retiring', 'no-label']);
    expect(codes('gone', [])).toEqual(['pop-retiring']);
    expect(codes('closed', [acc('x@example.org')])).toEqual(['pop-retiring']);
  });

  it("before Google's first date, an available page with no Mail2000 fetcher has nothing to say", () => {
    expect(auditFindings({ profile, accounts: [acc('x@example.org')], pageState: 'available', now: BEFORE })).toEqual([]);
  });

  it('after the first date the retirement is said once even when the link is still offered', () => {
    const f = auditFindings({ profile, accounts: [], pageState: 'available', now: NOW });
    expect(f).toEqual([{ code: 'pop-retiring', severity: 'info' }]);
  });

  it('after the announced stop a Mail2000 fetcher is an error', () => {
    const f = auditFindings({ profile, accounts: [acc('a@mail.au.edu.tw')], pageState: 'closed', now: Date.parse('2027-01-05T00:00:00Z') });
    expect(f).toEqual([{ code: 'pop-retiring', severity: 'error', account: 'a@mail.au.edu.tw' }]);
  });

  it('uses the last probe of the POP port the profile uses', () => {
    const probe: ProbeReport = {
      host: 'mail.au.edu.tw',
      ms: 100,
      results: [
        {
          service: 'pop3s',
          port: 995,
          ok: false,
          ms: 50,
          stages: [
            { name: 'dns', ok: true, ms: 1 },
            { name: 'tcp', ok: false, ms: 49, code: 'ETIMEDOUT' },
          ],
          warnings: [],
        },
        { service: 'pop3', port: 110, ok: false, ms: 5, stages: [{ name: 'dns', ok: false, ms: 5, code: 'ENOTFOUND' }], warnings: [] },
        { service: 'imaps', port: 993, ok: false, ms: 5, stages: [{ name: 'dns', ok: false, ms: 5 }], warnings: [] },
      ],
    };
    const f = auditFindings({ profile, accounts: [], pageState: 'available', now: BEFORE, probe });
    expect(f).toEqual([{ code: 'network', severity: 'error', evidence: 'pop3s 995: tcp ETIMEDOUT' }]);

    const noUidl: ProbeReport = {
      host: 'mail.au.edu.tw',
      ms: 10,
      results: [
        {
          service: 'pop3s',
          port: 995,
          ok: true,
          ms: 10,
          stages: [{ name: 'greeting', ok: true, ms: 1 }],
          capabilities: ['USER', 'TOP', 'SASL PLAIN'],
          warnings: [],
          auth: 'rejected',
        },
      ],
    };
    expect(auditFindings({ profile, accounts: [], pageState: 'available', now: BEFORE, probe: noUidl }).map((x) => x.code)).toEqual([
      'auth-denied',
      'no-uidl',
    ]);
    const withUidl = { ...noUidl, results: [{ ...noUidl.results[0]!, capabilities: ['USER', 'UIDL'], auth: 'accepted' as const }] };
    expect(auditFindings({ profile, accounts: [], pageState: 'available', now: BEFORE, probe: withUidl })).toEqual([]);
  });

  it('does not repeat the same finding for the same account', () => {
    const a = acc('a@mail.au.edu.tw', 'Connection timed out.');
    const f = auditFindings({ profile: defaultProfile(), accounts: [a, a], pageState: 'closed', now: BEFORE });
    expect(f.filter((x) => x.code === 'network')).toHaveLength(1);
  });
});

describe('finding texts', () => {
  it.each(['en', 'zh_TW'] as const)('every code has a title, cause and fix in %s', (lang) => {
    const msgs = localeMessages(lang);
    const t = translator(lang);
    for (const code of FINDING_CODES) {
      for (const key of Object.values(findingKeys(code))) expect(msgs[key], key).toBeDefined();
      // The short name the popup, the report and the panel list findings by.
      expect(msgs[`finding_${code.replace(/-/g, '_')}`]?.message, `finding_${code}`).toBeTruthy();
      const x = findingTexts(code, t, { host: 'mail.au.edu.tw', label: 'Mail2000', month: 'January 2027' });
      for (const s of Object.values(x)) {
        expect(s).not.toMatch(/⟦|\$[A-Z]+\$/);
        expect(s.length).toBeGreaterThan(3);
      }
    }
  });

  it('carries the Mail2000 knowledge into the texts', () => {
    const en = translator('en');
    const zh = translator('zh_TW');
    const ctx = { host: 'mail.au.edu.tw', label: 'Mail2000', month: '2027年1月' };
    expect(findingTexts('auth-denied', en, ctx).fix).toMatch(/separate from the school SSO password/);
    expect(findingTexts('auth-denied', zh, ctx).fix).toMatch(/校務系統.*不同/);
    expect(findingTexts('auth-denied', zh, ctx).fix).toMatch(/個人設定.*POP3/);
    expect(findingTexts('ssl-mismatch', en, ctx).cause).toMatch(/995 needs SSL/);
    expect(findingTexts('dns', zh, ctx).fix).toContain('mail.au.edu.tw');
    expect(findingTexts('pop-retiring', zh, ctx).cause).toContain('2027年1月');
  });
});
