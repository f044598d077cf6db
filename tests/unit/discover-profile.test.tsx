// @vitest-environment happy-dom
// The discovered profile in the Gmail panel and the audit: a fetch account on the profile's
// (verified) server counts as ours whatever the school, and an account on a known Mail2000 site
// that is not the profile's is offered that site's settings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { isMail2000Address } from '@/entrypoints/gmail.content/panel/reader';
import { buildPanelModel } from '@/entrypoints/gmail.content/panel/model';
import { Panel } from '@/entrypoints/gmail.content/panel/Panel';
import { profileFromKnownSite } from '@/entrypoints/background/profile-known-site';
import { auditFindings } from '@/utils/audit/rules';
import { createTranslator, type LocaleEntry } from '@/utils/i18n/translate';
import { ProfileSchema } from '@/utils/profile/schema';
import { validateDraft, toDraft } from '@/entrypoints/options/draft';
import type { FetchAccount } from '@/utils/audit/schema';

const NOW = Date.parse('2026-11-26T08:00:00Z');
const en = createTranslator(JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, LocaleEntry>);
const SCHOOL = ProfileSchema.parse({
  address: 'alice@school.test',
  host: 'mail.school.test',
  verified: { at: NOW, how: 'helper', host: 'mail.school.test' },
});
const account = (address: string, profile = SCHOOL): FetchAccount => ({
  address,
  status: '',
  isMail2000: isMail2000Address(address, { host: profile.host, profileAddress: profile.address }),
});

describe('which fetch accounts are ours', () => {
  it("a discovered school: its domain and the server's domain count, other schools do not", () => {
    expect(isMail2000Address('bob@school.test', { host: SCHOOL.host })).toBe(true);
    expect(isMail2000Address('bob@au.edu.tw', { host: SCHOOL.host })).toBe(false);
    expect(isMail2000Address('bob@other.test', { host: SCHOOL.host, profileAddress: SCHOOL.address })).toBe(false);
  });

  it('a known Mail2000 site serves the domains inside its own (mail.au.edu.tw for @stu.au.edu.tw)', () => {
    expect(isMail2000Address('s1@stu.au.edu.tw', { host: 'mail.au.edu.tw' })).toBe(true);
    expect(isMail2000Address('s1@stu.au.edu.tw', { host: 'mail.school.test' })).toBe(false);
  });

  it("the audit follows: the discovered school's account gets the countdown and the Mail2000 findings", () => {
    const read = { state: 'closed' as const, accounts: [account('bob@school.test')], notice: 'Gmail notice' };
    const model = buildPanelModel(read, SCHOOL, NOW, 'en');
    expect(model.countdowns.map((c) => c.address)).toEqual(['bob@school.test']);
    // The retirement finding is per Mail2000 account: the discovered school's account has its own.
    const findings = auditFindings({ profile: SCHOOL, accounts: read.accounts, pageState: 'closed', now: NOW });
    expect(findings.find((f) => f.code === 'pop-retiring')?.account).toBe('bob@school.test');
    const other = auditFindings({ profile: SCHOOL, accounts: [account('bob@elsewhere.test')], pageState: 'closed', now: NOW });
    expect(other.find((f) => f.code === 'pop-retiring')?.account).toBeUndefined();
  });
});

describe('use these settings for an account on a known Mail2000 site', () => {
  it('the model lists it; the panel offers the button and reports the outcome', async () => {
    const read = { state: 'available' as const, accounts: [account('bob@school.test'), account('amy@mail.ncue.edu.tw')], notice: null };
    const model = buildPanelModel(read, SCHOOL, NOW, 'en');
    expect(model.knownElsewhere).toEqual([{ address: 'amy@mail.ncue.edu.tw', host: 'mail.ncue.edu.tw' }]);
    const asked: string[] = [];
    const root = document.createElement('div');
    document.body.append(root);
    render(
      <Panel
        model={model}
        t={en}
        onSetup={async () => 'opening'}
        copy={async () => true}
        onUseKnownSite={async (h) => (asked.push(h), true)}
      />,
      root,
    );
    const row = root.querySelector<HTMLElement>('[data-testid="m2k-known-site"]')!;
    expect(row.textContent).toContain('amy@mail.ncue.edu.tw is fetched from a known Mail2000 server, mail.ncue.edu.tw');
    row.querySelector<HTMLButtonElement>('[data-testid="m2k-use-known-site"]')!.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['mail.ncue.edu.tw']);
    expect(root.querySelector('[data-testid="m2k-known-site-status"]')!.getAttribute('data-ok')).toBe('true');
    render(null, root);
  });

  it('the background takes only a host of the table, and marks it not verified from this computer', () => {
    const p = profileFromKnownSite(SCHOOL, 'mail.ncue.edu.tw', NOW);
    expect(p).toMatchObject({ host: 'mail.ncue.edu.tw', popPort: 995, verified: { how: 'known-site', host: 'mail.ncue.edu.tw' } });
    expect(p.verified?.source).toMatch(/^https:\/\/olis\.ncue\.edu\.tw\//);
    expect(ProfileSchema.safeParse(p).success).toBe(true);
    expect(() => profileFromKnownSite(SCHOOL, 'evil.example', NOW)).toThrow();
  });
});

describe('the options form keeps the verification only for the verified server', () => {
  it('editing the host by hand drops it', () => {
    const same = validateDraft(toDraft(SCHOOL));
    expect(same.profile?.verified).toEqual(SCHOOL.verified);
    const moved = validateDraft({ ...toDraft(SCHOOL), host: 'mail.other.test' });
    expect(moved.profile?.verified).toBeNull();
  });
});
