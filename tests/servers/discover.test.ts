/**
 * Discovery against a made-up school on loopback: a real DNS server (UDP, tests/support/dns) and
 * real Dovecot sites with different service sets, a Mail2000-like greeter and a black hole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResolver } from '@/helper/discover/resolve';
import { runDiscovery, type DiscoveryEvent } from '@/helper/discover/discover';
import { DiscoverReportSchema } from '@/contract/discovery';
import { startSchoolSites, type SchoolSites } from '../support/discovery/sites';
import { spawn } from 'node:child_process';
import { BUNDLE, REPO, ensureBundle } from '../support/native-host/client';

const portArgs = () => Object.entries(sites.ports).flatMap(([s, p]) => [`--${s}`, String(p)]);
/** Runs the bundle without blocking this process: the DNS server and the greeter live here. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BUNDLE, ...args], {
      cwd: REPO,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
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
  it('finds every candidate once, probes them in parallel, picks mail.school.test and says why, within its timeout', async () => {
    const events: DiscoveryEvent[] = [];
    const timeoutMs = 4000;
    const t0 = Date.now();
    const report = await runDiscovery(
      { domain: 'school.test', ports: sites.ports, timeoutMs, ca: sites.certs.caPem },
      (e) => events.push(e),
      undefined,
      {
        resolver: makeResolver(sites.dnsServer),
        known: [],
      },
    );
    const wall = Date.now() - t0;
    expect(DiscoverReportSchema.safeParse(report).success).toBe(true);
    // One timeout for everything: the black hole is cut at the deadline, with little slack.
    expect(wall).toBeLessThan(timeoutMs * 1.1);

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
    // Each resolved name was asked once for A and once for AAAA; the domain once for MX.
    expect(sites.dns.asked.filter((q) => q === 'mail.school.test A')).toHaveLength(1);
    expect(sites.dns.asked.filter((q) => q === 'school.test MX')).toHaveLength(1);

    expect(report.best).toBe('mail.school.test');
    expect(report.choices.map((c) => c.host)).toEqual(['mail.school.test', 'pop.school.test', 'webmail.school.test']);
    const [best, expired, m2k] = report.choices as [(typeof report.choices)[0], (typeof report.choices)[0], (typeof report.choices)[0]];
    expect(best.pop).toEqual({ port: sites.ports.pop3s, ssl: true });
    expect(best.reasons.map((r) => `${r.code}:${r.good}`)).toEqual([
      'tls-implicit:true',
      'cert-ok:true',
      'uidl:true',
      'own-domain:true',
      'services:true',
    ]);
    expect(best.reasons[1]!.zh_TW).toContain('mail.school.test');
    expect(best.services.find((s) => s.service === 'pop3')).toMatchObject({ answered: false, code: 'ECONNREFUSED' });

    expect(expired.pop).toEqual({ port: sites.ports.pop3, ssl: false });
    expect(expired.reasons.map((r) => r.code)).toEqual(['tls-starttls', 'cert-bad', 'uidl', 'own-domain', 'services']);
    expect(expired.reasons[1]!.en).toMatch(/expired/i);

    expect(m2k.mail2000).toBe(true);
    expect(m2k.reasons.map((r) => r.code)).toEqual(['tls-none', 'uidl', 'mail2000', 'own-domain', 'services']);
    expect(m2k.reasons.find((r) => r.code === 'mail2000')!.en).toContain('MPOP3D');
    expect(m2k.services.find((s) => s.service === 'smtp')).toMatchObject({ answered: true, mail2000: true, tls: 'none' });
    // The black hole answered nothing: not a choice, and its results were streamed like the others.
    expect(report.choices.some((c) => c.host === 'imap.school.test')).toBe(false);
    const streamed = events.filter((e) => e.kind === 'result');
    expect(streamed).toHaveLength(4 * 7);
    expect(events[0]!.kind).toBe('candidates');
  }, 30_000);

  it('a discovery where every candidate is a black hole ends at its timeout with no choice', async () => {
    const hole = await startSchoolSites({ only: 'silent' });
    try {
      const t0 = Date.now();
      const report = await runDiscovery({ domain: 'school.test', ports: hole.ports, timeoutMs: 2000 }, undefined, undefined, {
        resolver: makeResolver(hole.dnsServer),
        known: [],
      });
      const wall = Date.now() - t0;
      expect(wall).toBeLessThan(2200);
      expect(wall).toBeGreaterThanOrEqual(1500);
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
    expect(report.choices[0]!.pop).toEqual({ port: sites.ports.pop3s, ssl: true });
    expect(report.choices.map((c) => c.host)).toEqual(['mail.school.test', 'pop.school.test', 'webmail.school.test']);
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
