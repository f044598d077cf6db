/**
 * Discovery against a made-up school on loopback: a real DNS server (UDP, tests/support/dns) and
 * real Dovecot sites with different service sets, a Mail2000-like greeter and a black hole. The
 * school lives on 127.x addresses, so every run here allows loopback (M2K_PROBE_ALLOW_LOOPBACK=1,
 * or `allowLoopback` in process), as only tests may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResolver } from '@/helper/discover/resolve';
import { runDiscovery, type DiscoveryEvent } from '@/helper/discover/discover';
import { DiscoverReportSchema } from '@/contract/discovery';
import { startSchoolSites, type SchoolSites } from '../support/discovery/sites';
import { BUNDLE, REPO, ensureBundle, spawnHost, type HostProcess } from '../support/native-host/client';
import { runProgram, type ProgramRun } from '../support/run-program';
import { failedStage } from '../support/probe/results';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN } from '@/contract/ids';
import type { HostReply } from '@/contract/protocol';

const portArgs = () => Object.entries(sites.ports).flatMap(([s, p]) => [`--${s}`, String(p)]);
/** Runs the bundle without blocking this process: the DNS server and the greeter live here. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProgramRun> {
  return runProgram([process.execPath, BUNDLE], args, {
    cwd: REPO,
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', M2K_PROBE_ALLOW_LOOPBACK: '1', ...env },
  });
}

let sites: SchoolSites;
beforeAll(async () => {
  ensureBundle();
  sites = await startSchoolSites();
}, 60_000);
afterAll(async () => {
  await sites?.stop();
}, 30_000);

describe('runDiscovery on school.test', () => {
  it('finds every candidate once, probes them in parallel, picks mail.school.test and says why', async () => {
    const events: DiscoveryEvent[] = [];
    const timeoutMs = 4000;
    const report = await runDiscovery(
      { domain: 'school.test', ports: sites.ports, timeoutMs, ca: sites.certs.caPem },
      (e) => events.push(e),
      undefined,
      {
        resolver: makeResolver(sites.dnsServer),
        known: [],
        allowLoopback: true,
      },
    );
    expect(DiscoverReportSchema.safeParse(report).success).toBe(true);

    const hosts = report.candidates.map((c) => c.host);
    expect(hosts).toEqual([
      'mail.school.test',
      'pop.school.test',
      'imap.school.test',
      'smtp.school.test',
      'webmail.school.test',
      'school.test',
    ]);
    const mail = report.candidates.find((c) => c.host === 'mail.school.test')!;
    expect(mail.aliases).toEqual(['mx1.school.test']);
    expect(mail.sources).toEqual(['prefix', 'mx']);
    expect(report.candidates.find((c) => c.host === 'pop.school.test')!.aliases).toEqual(['pop3.school.test']);
    expect(report.candidates.find((c) => c.host === 'smtp.school.test')!.dns).toBe('ENOTFOUND');
    expect(report.candidates.find((c) => c.host === 'school.test')).toMatchObject({
      addresses: [],
      skipped: [{ address: '169.254.169.254', reason: 'link-local' }],
    });
    // Each resolved name was asked once for A and once for AAAA; the domain once for MX.
    expect(sites.dns.asked.filter((q) => q === 'mail.school.test A')).toHaveLength(1);
    expect(sites.dns.asked.filter((q) => q === 'school.test MX')).toHaveLength(1);

    expect(report.best).toBe('mail.school.test');
    // STLS on 110 counts for nothing in Gmail's choice: the Mail2000-like site (UIDL, a Mail2000
    // greeting) is above the expired STLS one, both below the one with SSL on connect.
    expect(report.choices.map((c) => c.host)).toEqual(['mail.school.test', 'webmail.school.test', 'pop.school.test']);
    const [best, m2k, expired] = report.choices as [(typeof report.choices)[0], (typeof report.choices)[0], (typeof report.choices)[0]];
    expect(best.pop).toEqual({ port: sites.ports.pop3s, ssl: true, reached: true });
    expect(best.reasons.map((r) => `${r.code}:${r.good}`)).toEqual([
      'tls-implicit:true',
      'cert-ok:true',
      'uidl:true',
      'own-domain:true',
      'services:true',
    ]);
    expect(best.reasons[1]!.zh_TW).toContain('mail.school.test');
    expect(best.services.find((s) => s.service === 'pop3')).toMatchObject({ answered: false, code: 'ECONNREFUSED' });
    // The site's Postfix: SMTPS and submission answer over trusted TLS, port 25 is closed.
    expect(best.services.find((s) => s.service === 'smtps')).toMatchObject({ ok: true, answered: true, tls: 'implicit', certOk: true });
    expect(best.services.find((s) => s.service === 'submission')).toMatchObject({
      ok: true,
      answered: true,
      tls: 'starttls',
      certOk: true,
    });
    expect(best.services.find((s) => s.service === 'smtp')).toMatchObject({ answered: false, code: 'ECONNREFUSED' });

    // Only 110 with STLS answered: Gmail is still given SSL on the SSL port, never plain text.
    expect(expired.pop).toEqual({ port: sites.ports.pop3s, ssl: true, reached: false });
    expect(expired.reasons.map((r) => `${r.code}:${r.good}`)).toEqual([
      'pop3s-silent:false',
      'tls-starttls:false',
      'cert-bad:false',
      'uidl:true',
      'own-domain:true',
      'services:true',
    ]);
    expect(expired.reasons[2]!.en).toMatch(/expired/i);

    expect(m2k.mail2000).toBe(true);
    expect(m2k.pop).toEqual({ port: sites.ports.pop3s, ssl: true, reached: false });
    expect(m2k.reasons.map((r) => r.code)).toEqual(['pop3s-silent', 'tls-none', 'uidl', 'mail2000', 'own-domain', 'services']);
    expect(m2k.reasons.find((r) => r.code === 'mail2000')!.en).toContain('MPOP3D');
    expect(m2k.services.find((s) => s.service === 'smtp')).toMatchObject({ answered: true, mail2000: true, tls: 'none' });
    // The black hole answered nothing: not a choice, and its results were streamed like the others.
    expect(report.choices.some((c) => c.host === 'imap.school.test')).toBe(false);
    const streamed = events.filter((e) => e.kind === 'result');
    expect(streamed).toHaveLength(4 * 7);
    expect(events[0]!.kind).toBe('candidates');
  }, 30_000);

  it('a discovery where every candidate is a black hole ends at its timeout with no choice', async () => {
    // How close to the timeout it ends is discover.blackhole_ms in tests/bench/discover.bench.mjs.
    const hole = await startSchoolSites({ only: 'silent' });
    try {
      const events: DiscoveryEvent[] = [];
      const report = await runDiscovery({ domain: 'school.test', ports: hole.ports, timeoutMs: 2000 }, (e) => events.push(e), undefined, {
        resolver: makeResolver(hole.dnsServer),
        known: [],
        allowLoopback: true,
      });
      // Every service of the one candidate with an address timed out, none answered.
      const results = events.flatMap((e) => (e.kind === 'result' ? [e.result] : []));
      expect(results).toHaveLength(7);
      for (const r of results) expect(failedStage(r)?.code).toBe('ETIMEDOUT');
      expect(report.choices).toEqual([]);
      expect(report.best).toBeUndefined();
      expect(report.candidates.filter((c) => c.addresses.length)).toHaveLength(1);
    } finally {
      await hole.stop();
    }
  }, 30_000);
});

describe('m2k-probe discover', () => {
  it('--json prints the report: the right server, its POP3 choice and reasons', async () => {
    const r = await cli([
      'discover',
      'alice@school.test',
      ...portArgs(),
      '--ca',
      sites.certs.caCert,
      '--dns',
      sites.dnsServer,
      '--timeout',
      '3000',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = DiscoverReportSchema.parse(JSON.parse(r.stdout));
    expect(report.domain).toBe('school.test');
    expect(report.best).toBe('mail.school.test');
    expect(report.choices[0]!.pop).toEqual({ port: sites.ports.pop3s, ssl: true, reached: true });
    expect(report.choices.map((c) => c.host)).toEqual(['mail.school.test', 'webmail.school.test', 'pop.school.test']);
  }, 40_000);

  it('prints the table and the reasons in the terminal language', async () => {
    const zh = await cli(
      ['discover', 'school.test', ...portArgs(), '--ca', sites.certs.caCert, '--dns', sites.dnsServer, '--timeout', '3000'],
      { LANG: 'zh_TW.UTF-8' },
    );
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(`最佳選擇：mail.school.test，POP3 ${sites.ports.pop3s} 使用 SSL`);
    expect(zh.stdout).toContain('憑證受信任，且名稱符合 mail.school.test');
    expect(zh.stdout).toContain('問候訊息是 Mail2000');
    expect(zh.stdout).toContain('mx1.school.test: 與 mail.school.test 是同一台伺服器');
    const en = await cli(['discover', 'school.test', ...portArgs(), '--dns', sites.dnsServer, '--timeout', '3000', '--lang', 'en']);
    // Without the test CA nothing is trusted: the Mail2000-like site is still below the encrypted ones.
    expect(en.stdout).toMatch(/Best choice: (mail|pop)\.school\.test/);
    expect(en.stdout).toContain('its certificate is not accepted');
  }, 40_000);

  it('refuses what is not a domain to discover, with exit status 2', async () => {
    for (const bad of ['alice@edu.tw', 'no-dots', 'alice@127.0.0.1']) {
      const r = await cli(['discover', bad, '--dns', sites.dnsServer]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/ADDRESS/);
    }
    expect((await cli(['discover', 'school.test', '--dns', 'dns.example'])).code).toBe(2);
  });
});

describe('discover through the native host', () => {
  let dir: string;
  const hosts: HostProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'm2k-hostdisc-'));
  });
  afterAll(() => {
    for (const h of hosts) h.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  /** The host as a browser starts it, with the test CA and DNS server in its environment. */
  function host(allow: string[]): HostProcess {
    const config = path.join(dir, `config-${hosts.length}.json`);
    writeFileSync(config, JSON.stringify({ version: 1, allow }));
    const h = spawnHost([CHROME_ORIGIN], {
      M2K_PROBE_CONFIG: config,
      NODE_EXTRA_CA_CERTS: sites.certs.caCert,
      M2K_PROBE_DNS: sites.dnsServer,
      M2K_PROBE_ALLOW_LOOPBACK: '1',
    });
    hosts.push(h);
    return h;
  }
  const schoolAllow = () => `school.test:${Object.values(sites.ports).join('+')}`;
  const waitFor = async (h: HostProcess, pred: (r: HostReply) => boolean, ms = 20_000) => {
    for (let n = h.replies.length + 1; ; n++) {
      const rs = await h.waitReplies(n, ms);
      const hit = rs.find(pred);
      if (hit) return hit;
    }
  };

  it('streams the candidates, each service of each, then the ranked report; a second discovery meanwhile is busy, one right after is rate-limited', async () => {
    const h = host([schoolAllow()]);
    h.send({ type: 'discover', id: 'd1', domain: 'school.test', ports: sites.ports, timeoutMs: 4000 });
    h.send({ type: 'discover', id: 'd2', domain: 'school.test', ports: sites.ports, timeoutMs: 4000 });
    const done = await waitFor(h, (r) => r.type === 'discovered');
    const rs = h.replies;
    expect(rs.find((r) => r.type === 'error' && r.id === 'd2')).toMatchObject({ code: 'busy' });
    expect(rs.find((r) => r.type === 'candidates')).toMatchObject({ id: 'd1' });
    const streamed = rs.filter((r) => r.type === 'candidate-result');
    expect(streamed).toHaveLength(4 * 7);
    expect(new Set(streamed.map((r) => (r.type === 'candidate-result' ? r.host : '')))).toEqual(
      new Set(['mail.school.test', 'pop.school.test', 'webmail.school.test', 'imap.school.test']),
    );
    if (done.type !== 'discovered') throw new Error('unreachable');
    // Trusted through NODE_EXTRA_CA_CERTS, as a browser passes it on.
    expect(done.report.best).toBe('mail.school.test');
    expect(done.report.choices[0]!.reasons.map((r) => r.code)).toContain('cert-ok');
    h.send({ type: 'discover', id: 'd3', domain: 'school.test', ports: sites.ports, timeoutMs: 4000 });
    expect(await waitFor(h, (r) => r.type === 'error' && r.id === 'd3')).toMatchObject({ code: 'rate-limited' });
  }, 40_000);

  it('refuses a registry suffix, an address, and a port that the allow-list does not name for that domain, before any DNS question', async () => {
    const h = host([]);
    const asked = sites.dns.asked.length;
    h.send({ type: 'discover', id: 'a', domain: 'edu.tw' });
    h.send({ type: 'discover', id: 'b', domain: '127.0.0.1' });
    h.send({ type: 'discover', id: 'c', domain: 'school.test', ports: { pop3s: sites.ports.pop3s } });
    h.send({ type: 'discover', id: 'd', domain: 'school.test', hosts: ['evil.example'] });
    const rs = await h.waitReplies(4, 10_000);
    expect(rs.map((r) => (r.type === 'error' ? `${r.id}:${r.code}` : r.type))).toEqual([
      'a:not-allowed',
      'b:not-allowed',
      'c:not-allowed',
      'd:bad-request',
    ]);
    expect(rs[2]!.type === 'error' && rs[2]!.message).toContain(`--allow school.test:${sites.ports.pop3s}`);
    expect(sites.dns.asked.length).toBe(asked);
  }, 20_000);
});
