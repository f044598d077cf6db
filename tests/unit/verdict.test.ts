import { describe, expect, it } from 'vitest';
import { translator } from '../support/i18n/locale';
import { probeFixture, type ProbeFixture } from '../support/probe/fixtures';
import { ProbeReportSchema, type ServiceResult } from '@/contract/protocol';
import { derivedWarnings, failureKind, rowStatus, verdictOf, verdictText } from '@/utils/probe/verdict';

const load = (name: ProbeFixture) => ProbeReportSchema.parse(probeFixture(name));
const en = translator('en');
const zh = translator('zh_TW');
const say = (results: ServiceResult[], final = true) => verdictText(verdictOf(results, { host: 'mail.au.edu.tw', final }), en);

describe('verdict', () => {
  it('all ok: Gmail can fetch on 995 with SSL', () => {
    const r = load('all-ok');
    const v = verdictOf(r.results, { host: r.host, final: true });
    expect(v.level).toBe('ok');
    expect(verdictText(v, en)).toBe('Gmail can fetch your mail on 995 with SSL.');
    expect(verdictText(v, zh)).toContain('995');
    expect(verdictText(v, zh)).not.toMatch(/⟦/);
    expect(r.results.map(rowStatus)).toEqual(Array(7).fill('ok'));
  });

  it('995 blocked but 110 open: says so and warns about the unencrypted password', () => {
    const r = load('995-blocked');
    const v = verdictOf(r.results, { host: r.host, final: true });
    expect(v.level).toBe('warn');
    expect(verdictText(v, en)).toBe('Port 995 (SSL) is blocked from this network. 110 works but sends your password unencrypted.');
    expect(rowStatus(r.results.find((x) => x.service === 'pop3s'))).toBe('fail');
  });

  it('expired certificate: fail with the number of days', () => {
    const r = load('cert-expired');
    const v = verdictOf(r.results, { host: r.host, final: true });
    expect(v.level).toBe('fail');
    expect(verdictText(v, en)).toContain('expired 12 days ago');
    const pop3s = r.results.find((x) => x.service === 'pop3s')!;
    expect(failureKind(pop3s)).toBe('cert-expired');
  });

  it('warnings make a row warn, and the verdict says to look at them', () => {
    const r = load('warnings');
    expect(r.results.map(rowStatus)).toEqual(Array(7).fill('warn'));
    expect(verdictOf(r.results, { host: r.host, final: true }).level).toBe('warn');
  });

  it('derives warnings when the helper sent none', () => {
    const r = load('warnings');
    const pop3 = { ...r.results.find((x) => x.service === 'pop3')!, warnings: [] };
    expect(derivedWarnings(pop3).sort()).toEqual(['cert-expiring', 'no-uidl']);
    expect(rowStatus(pop3)).toBe('warn');
    const imap = { ...load('all-ok').results.find((x) => x.service === 'imap')!, warnings: [] };
    const noStarttls = { ...imap, stages: imap.stages.filter((s) => s.name !== 'starttls'), capabilities: ['IMAP4rev1'] };
    expect(derivedWarnings(noStarttls)).toEqual(['no-starttls']);
  });

  it('everything unreachable: one sentence about the network', () => {
    const r = load('all-ok');
    const dead = r.results.map((x) => ({ ...x, ok: false, stages: [{ name: 'tcp' as const, ok: false, ms: 1, code: 'ECONNREFUSED' }] }));
    expect(say(dead)).toBe('The mail server mail.au.edu.tw cannot be reached from this network (every port is blocked or silent).');
  });

  it('unknown host: speaks of the name', () => {
    const r = load('all-ok');
    const dead = r.results.map((x) => ({ ...x, ok: false, stages: [{ name: 'dns' as const, ok: false, ms: 1, code: 'ENOTFOUND' }] }));
    expect(say(dead)).toContain('cannot be found');
  });

  it('credential test outcome joins the sentence; a refusal is a failure with the Mail2000 advice', () => {
    const r = load('all-ok');
    const ok = r.results.map((x) => (x.service === 'pop3s' ? { ...x, auth: 'accepted' as const } : x));
    expect(say(ok)).toBe('Gmail can fetch your mail on 995 with SSL. Password accepted.');
    const bad = r.results.map((x) => (x.service === 'pop3s' ? { ...x, auth: 'rejected' as const } : x));
    const v = verdictOf(bad, { host: r.host, final: true });
    expect(v.level).toBe('fail');
    expect(verdictText(v, en)).toMatch(/not the school SSO password/);
    expect(verdictText(v, zh)).toMatch(/單一入口/);
  });

  it('while streaming it does not claim a failure it cannot know yet', () => {
    expect(say([], false)).toBe('Checking…');
    const r = load('995-blocked');
    const onlySsl = r.results.filter((x) => x.service === 'pop3s');
    expect(say(onlySsl, false)).toBe('Port 995 (SSL) is blocked from this network. Checking…');
  });
});
