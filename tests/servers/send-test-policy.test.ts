/**
 * Reading a school domain's SPF and DMARC (helper/send-test/policy.ts, spf.ts) through Node's own
 * resolver from a real DNS server on loopback: whether the SPF names the sending server through
 * ip4/ip6, a, mx, include and redirect, what cannot be decided without the message (ptr, macros),
 * the 10-lookup limit, and the DMARC record of the domain or its organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicyResolver, readMailPolicy } from '@/helper/send-test/policy';
import { spfVerdict } from '@/helper/send-test/spf';
import { startDnsServer, type DnsServer } from '../support/dns/server';

let dns: DnsServer;
const SERVER = '192.0.2.25';

beforeAll(async () => {
  const loop = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`loop${i}.test`, { txt: [`v=spf1 include:loop${i + 1}.test -all`] }]),
  );
  dns = await startDnsServer({
    'ip.test': { txt: ['v=spf1 ip4:192.0.2.0/24 -all'] },
    'ip6.test': { txt: ['v=spf1 ip6:2001:db8::/32 ~all'] },
    'other-ip.test': { txt: ['v=spf1 ip4:198.51.100.0/24 -all'] },
    'a.test': { txt: ['v=spf1 a:mail.a.test -all'] },
    'mail.a.test': { a: [SERVER] },
    'mx.test': { txt: ['v=spf1 mx -all'], mx: [{ priority: 10, exchange: 'mx1.mx.test' }] },
    'mx1.mx.test': { a: [SERVER] },
    'include.test': { txt: ['v=spf1 include:_spf.provider.test -all'] },
    '_spf.provider.test': { txt: ['v=spf1 ip4:198.51.100.7 ip4:192.0.2.25 -all'] },
    'redirect.test': { txt: ['v=spf1 redirect=ip.test'] },
    'neutral.test': { txt: ['v=spf1 ?ip4:192.0.2.25 -all'] },
    'plusall.test': { txt: ['v=spf1 +all'] },
    'ptr.test': { txt: ['v=spf1 ptr -all'] },
    'macro.test': { txt: ['v=spf1 exists:%{i}.spf.macro.test -all'] },
    'two.test': { txt: ['v=spf1 -all', 'v=spf1 +all'] },
    'none.test': { txt: ['just some text'] },
    ...loop,
    'school.test': { txt: ['v=spf1 ip4:192.0.2.0/24 -all'] },
    '_dmarc.school.test': { txt: ['v=DMARC1; p=quarantine; sp=reject; pct=40'] },
    'mail.school.test': { a: [SERVER] },
    'dept.school.test': { txt: ['v=spf1 ip4:198.51.100.0/24 -all'] },
    'mail.dept.school.test': { a: [SERVER] },
  });
});
afterAll(async () => {
  await dns?.stop();
});

const resolver = () => makePolicyResolver(`127.0.0.1:${dns.port}`);

describe('does the SPF record name the server', () => {
  it.each([
    ['ip.test', [SERVER], 'listed'],
    ['ip6.test', ['2001:db8::25'], 'listed'],
    ['other-ip.test', [SERVER], 'not-listed'],
    ['a.test', [SERVER], 'listed'],
    ['mx.test', [SERVER], 'listed'],
    ['include.test', [SERVER], 'listed'],
    ['redirect.test', [SERVER], 'listed'],
    ['neutral.test', [SERVER], 'not-listed'],
    ['plusall.test', [SERVER], 'listed'],
    ['ptr.test', [SERVER], 'unknown'],
    ['macro.test', [SERVER], 'unknown'],
    ['two.test', [SERVER], 'unknown'],
    ['none.test', [SERVER], 'not-listed'],
    ['nxdomain.test', [SERVER], 'not-listed'],
    ['loop0.test', [SERVER], 'unknown'],
  ])('%s for %j: %s', async (domain, addresses, verdict) => {
    expect(await spfVerdict(resolver(), domain, addresses)).toBe(verdict);
  });
});

describe('the policy summary', () => {
  it('the domain: SPF names the server (found by its name), DMARC p=quarantine', async () => {
    const p = await readMailPolicy('school.test', 'mail.school.test', resolver());
    expect(p).toMatchObject({
      domain: 'school.test',
      spf: { found: true, server: 'listed', all: 'fail', record: 'v=spf1 ip4:192.0.2.0/24 -all' },
      dmarc: { found: true, policy: 'quarantine', subdomainPolicy: 'reject', pct: 40 },
    });
    expect(p.notes.map((n) => n.code)).toEqual(['colleagues-pass', 'outside-dkim', 'keep-copy']);
    expect(p.notes.every((n) => n.en.length > 20 && /[\u4e00-\u9fff]/.test(n.zh_TW))).toBe(true);
  });

  it("a subdomain without DMARC of its own takes the organisation's sp=; its SPF does not name the server", async () => {
    const p = await readMailPolicy('dept.school.test', 'mail.dept.school.test', resolver());
    expect(p.spf).toMatchObject({ found: true, server: 'not-listed' });
    expect(p.dmarc).toMatchObject({ found: true, policy: 'reject' });
    expect(p.notes.map((n) => n.code)).toEqual(['colleagues-spf-not-listed', 'outside-dkim', 'dmarc-strict', 'keep-copy']);
  });

  it('a domain without records: no SPF, no DMARC, and the notes still say what matters', async () => {
    const p = await readMailPolicy('nxdomain.test', 'mail.school.test', resolver());
    expect(p.spf).toEqual({ found: false, server: 'not-listed' });
    expect(p.dmarc).toEqual({ found: false });
    expect(p.notes.map((n) => n.code)).toEqual(['colleagues-spf-not-listed', 'outside-dkim', 'keep-copy']);
  });
});
