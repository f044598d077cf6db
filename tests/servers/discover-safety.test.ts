/**
 * What a discovery must never do, against real servers on loopback and a real DNS stand-in
 * (tests/support/dns):
 * - propose plain-text POP3 to Gmail: a site with POP3 + STLS on 110 and its SSL port closed keeps
 *   the SSL port and says why;
 * - connect where DNS points it at this computer or its network's corners: unspecified, loopback
 *   (without the tests' switch), link-local, multicast, broadcast, in every IPv6 form, with the
 *   reasons listed and no crash; a private address is probed and marked;
 * - resolve differently from the rest of the computer: a name only the hosts file knows is found
 *   (in a private mount namespace with its own /etc/hosts and /etc/resolv.conf; root, as in CI);
 * - print a server's escape sequences raw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeResolver, type SystemLookup } from '@/helper/discover/resolve';
import { runDiscovery } from '@/helper/discover/discover';
import { DiscoverReportSchema, type DiscoverReport } from '@/contract/discovery';
import { ProbeReportSchema } from '@/contract/protocol';
import { startDnsServer, type DnsServer } from '../support/dns/server';
import { makeSiteCert, makeTestCerts, type TestCerts } from '../support/mail-servers/certs';
import { startDovecot, type RunningDovecot } from '../support/mail-servers/dovecot';
import { freeServicePorts } from '../support/mail-servers/ports';
import { BUNDLE, REPO, ensureBundle } from '../support/native-host/client';
import { runProgram, type ProgramRun } from '../support/run-program';

const ESC_SEQUENCES = '\u001b]0;owned\u0007\u001b[2J\u001b[31m\u009b1;1H\u202e';
/** Anything a terminal acts on, apart from the line breaks between output lines. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const net3 = 1 + Math.floor(Math.random() * 250);
const at = (n: number) => `127.14.${net3}.${n}`;
const A = { plain: at(1), hostile: at(2) };

let dir: string;
let certs: TestCerts;
let ports: { pop3: number; pop3s: number; imap: number; imaps: number; smtp: number; smtps: number; submission: number };
let plain: RunningDovecot;
let dns: DnsServer;
const stops: (() => Promise<void>)[] = [];

/** Accepts on every port of 127.0.0.1 and counts connections: anything that reaches "this computer". */
let loopbackHits = 0;

const portArgs = () => Object.entries(ports).flatMap(([s, p]) => [`--${s}`, String(p)]);
const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProgramRun> =>
  runProgram([process.execPath, BUNDLE], args, {
    cwd: REPO,
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', M2K_PROBE_ALLOW_LOOPBACK: '', ...env },
    timeoutMs: 40_000,
  });

function listen(server: net.Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
}

beforeAll(async () => {
  ensureBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'm2k-discsafe-'));
  certs = makeTestCerts(dir);
  ports = await freeServicePorts();
  const { pop3 } = ports;
  // POP3 with STLS on "110", a certificate the test CA trusts, and nothing on "995".
  const cert = makeSiteCert(certs, 'mail-plain', ['mail.plain.test', 'mail.hosts.test']);
  plain = await startDovecot({ cert: { key: cert.key, cert: cert.chain }, address: A.plain, ports: { pop3 }, only: ['pop3'] });
  stops.push(plain.stop);
  // A POP3 server whose greeting and capability lines carry terminal escape sequences.
  const sockets = new Set<net.Socket>();
  const hostile = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    s.write(`+OK MPOP3D V8.0 ${ESC_SEQUENCES} ready\r\n`);
    s.on('data', (d: Buffer) => {
      const cmd = d.toString('latin1').trim().toUpperCase();
      if (cmd === 'CAPA') s.write(`+OK\r\nUIDL\r\nX-${ESC_SEQUENCES}\r\n.\r\n`);
      else if (cmd === 'QUIT') s.end('+OK bye\r\n');
      else s.write('-ERR no\r\n');
    });
  });
  await listen(hostile, pop3, A.hostile);
  stops.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => hostile.close(() => r()));
  });
  // Every test port on 127.0.0.1 (where 0.0.0.0 and ::ffff:127.0.0.1 lead too), counting.
  const counters = Object.values(ports).map((p) => {
    const srv = net.createServer((s) => {
      loopbackHits++;
      s.on('error', () => {});
      s.destroy();
    });
    return listen(srv, p, '127.0.0.1').then(() => srv);
  });
  const servers = await Promise.all(counters);
  stops.push(() => Promise.all(servers.map((srv) => new Promise<void>((r) => srv.close(() => r())))).then(() => undefined));
  dns = await startDnsServer({
    'mail.plain.test': { a: [A.plain] },
    'mail.hostile.test': { a: [A.hostile] },
    'mail.odd.test': { a: ['127.0.0.1', '0.0.0.0'] },
    'pop.odd.test': { a: ['169.254.169.254'] },
    'imap.odd.test': { a: ['224.0.0.1'] },
    'smtp.odd.test': { aaaa: ['::ffff:127.0.0.1'] },
    'webmail.odd.test': { aaaa: ['::127.0.0.1', 'fe80::1', 'ff02::1'] },
    'odd.test': { a: ['255.255.255.255'] },
    'mail.inside.test': { a: ['10.99.0.1'] },
  });
  stops.push(dns.stop);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(stops.map((s) => s()));
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

const dnsServer = () => `127.0.0.1:${dns.port}`;

describe('plain text is never proposed', () => {
  it('110 with STLS answers, the SSL port is closed: the proposal keeps SSL on the SSL port and says why, in both languages', async () => {
    const report = await runDiscovery({ domain: 'plain.test', ports, timeoutMs: 4000, ca: certs.caPem }, undefined, undefined, {
      resolver: makeResolver(dnsServer()),
      known: [],
      allowLoopback: true,
    });
    expect(report.best).toBe('mail.plain.test');
    const best = report.choices[0]!;
    expect(best.pop).toEqual({ port: ports.pop3s, ssl: true, reached: false });
    for (const c of report.choices) expect(c.pop?.ssl).not.toBe(false);
    expect(best.services.find((s) => s.service === 'pop3')).toMatchObject({ answered: true, tls: 'starttls', certOk: true });
    const silent = best.reasons.find((r) => r.code === 'pop3s-silent')!;
    expect(silent.good).toBe(false);
    expect(silent.en).toMatch(/did not answer from this network.*Google fetches from its own network/);
    expect(silent.zh_TW).toMatch(/從這個網路沒有回應.*Google 是從它自己的網路收信/);
    // STLS is reported, as a fact Gmail cannot use.
    expect(best.reasons.find((r) => r.code === 'tls-starttls')).toMatchObject({ good: false });
  }, 30_000);

  it('the command line says the same: SSL on the SSL port, and that it did not answer from here', async () => {
    const args = ['discover', 'alice@plain.test', ...portArgs(), '--ca', certs.caCert, '--dns', dnsServer(), '--timeout', '4000'];
    const en = await cli([...args, '--lang', 'en'], { M2K_PROBE_ALLOW_LOOPBACK: '1' });
    expect(en.stderr).toBe('');
    expect(en.stdout).toContain(`Best choice: mail.plain.test, POP3 ${ports.pop3s} with SSL`);
    expect(en.stdout).toContain(`POP3 with SSL (port ${ports.pop3s}) did not answer from this network`);
    expect(en.stdout).not.toMatch(/without SSL/);
    const zh = await cli([...args, '--lang', 'zh-TW'], { M2K_PROBE_ALLOW_LOOPBACK: '1' });
    expect(zh.stdout).toContain(`最佳選擇：mail.plain.test，POP3 ${ports.pop3s} 使用 SSL`);
    expect(zh.stdout).toContain('從這個網路沒有回應');
    expect(zh.stdout).not.toContain('不使用 SSL');
  }, 40_000);
});

describe('addresses a discovery never connects to', () => {
  const skippedOf = (r: DiscoverReport) =>
    Object.fromEntries(r.candidates.filter((c) => c.skipped.length).map((c) => [c.host, c.skipped.map((s) => `${s.address} ${s.reason}`)]));

  it("without the tests' switch: no loopback, unspecified, link-local, multicast or broadcast address is contacted, in any IPv6 form; each is listed with its reason, and nothing crashes", async () => {
    const before = loopbackHits;
    const r = await cli(['discover', 'odd.test', ...portArgs(), '--dns', dnsServer(), '--timeout', '3000', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = DiscoverReportSchema.parse(JSON.parse(r.stdout));
    expect(report.choices).toEqual([]);
    expect(report.candidates.every((c) => c.addresses.length === 0)).toBe(true);
    expect(skippedOf(report)).toEqual({
      'mail.odd.test': ['127.0.0.1 loopback', '0.0.0.0 unspecified'],
      'pop.odd.test': ['169.254.169.254 link-local'],
      'imap.odd.test': ['224.0.0.1 multicast'],
      'smtp.odd.test': ['::ffff:127.0.0.1 loopback'],
      'webmail.odd.test': ['::127.0.0.1 loopback', 'fe80::1 link-local', 'ff02::1 multicast'],
      'odd.test': ['255.255.255.255 broadcast'],
    });
    expect(loopbackHits).toBe(before);

    const table = await cli(['discover', 'odd.test', ...portArgs(), '--dns', dnsServer(), '--timeout', '3000', '--lang', 'en']);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain('not contacted: 169.254.169.254 (link-local address)');
    expect(table.stdout).toContain('not contacted: ::ffff:127.0.0.1 (loopback, this computer itself)');
    expect(table.stdout).toContain('not contacted: 255.255.255.255 (broadcast address)');
    expect(loopbackHits).toBe(before);
  }, 40_000);

  it('with M2K_PROBE_ALLOW_LOOPBACK=1 (tests only) loopback is contacted, and the other kinds still are not', async () => {
    const before = loopbackHits;
    const r = await cli(['discover', 'odd.test', ...portArgs(), '--dns', dnsServer(), '--timeout', '3000', '--json'], {
      M2K_PROBE_ALLOW_LOOPBACK: '1',
    });
    const report = DiscoverReportSchema.parse(JSON.parse(r.stdout));
    expect(loopbackHits).toBeGreaterThan(before);
    expect(report.candidates.find((c) => c.host === 'mail.odd.test')!.addresses).toEqual(['127.0.0.1']);
    expect(skippedOf(report)['pop.odd.test']).toEqual(['169.254.169.254 link-local']);
    expect(skippedOf(report)['mail.odd.test']).toEqual(['0.0.0.0 unspecified']);
  }, 40_000);

  it('a private address is probed and the result says "inside this network"', async () => {
    // No server may run on a private address here without leaving loopback, so the network is a
    // stand-in: it records where the engine was told to connect and answers with a recorded report.
    const recorded = ProbeReportSchema.parse(JSON.parse(readFileSync(path.join(REPO, 'tests/fixtures/probe/all-ok.json'), 'utf8')));
    const asked: string[] = [];
    const report = await runDiscovery({ domain: 'inside.test', timeoutMs: 3000 }, undefined, undefined, {
      resolver: makeResolver(dnsServer()),
      known: [],
      probe: async (opts, _on, _signal, deps) => {
        asked.push(...(await deps!.lookup!(opts.host)).map((a) => `${opts.host} ${a.address}`));
        return { host: opts.host, ms: 1, results: recorded.results };
      },
    });
    expect(asked).toEqual(['mail.inside.test 10.99.0.1']);
    expect(report.candidates.find((c) => c.host === 'mail.inside.test')!.inside).toEqual(['10.99.0.1']);
    const choice = report.choices.find((c) => c.host === 'mail.inside.test')!;
    expect(choice.inside).toBe(true);
    expect(choice.reasons.find((x) => x.code === 'inside-network')!.en).toContain('10.99.0.1, an address inside this network');
  }, 20_000);
});

describe("the computer's own resolver", () => {
  it('addresses come from dns.lookup (all of them, in the order given); MX still from DNS', async () => {
    const calls: unknown[] = [];
    const lookup: SystemLookup = async (name, options) => {
      calls.push([name, options]);
      return [
        { address: '192.0.2.7', family: 4 },
        { address: '2001:db8::7', family: 6 },
      ];
    };
    const resolver = makeResolver(undefined, lookup);
    expect(await resolver.addresses('mail.school.test')).toEqual(['192.0.2.7', '2001:db8::7']);
    expect(calls).toEqual([['mail.school.test', { all: true, verbatim: true }]]);
  });

  it('a name only the hosts file knows is found and probed (a private mount namespace with its own /etc/hosts and /etc/resolv.conf)', async () => {
    // The namespace's resolv.conf names a DNS stand-in on port 53 of a loopback address of its own:
    // nothing leaves the machine, and every question the system asks of DNS is seen.
    const system = await startDnsServer({}, { address: at(53), port: 53 });
    try {
      const hosts = path.join(dir, 'hosts');
      const resolv = path.join(dir, 'resolv.conf');
      writeFileSync(hosts, `127.0.0.1 localhost\n${A.plain} mail.hosts.test\n`);
      writeFileSync(resolv, `nameserver ${at(53)}\noptions timeout:1 attempts:1\n`);
      const script = 'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/resolv.conf && shift 2 && exec "$@"';
      const r = await runProgram(
        ['unshare', '-m', 'sh', '-c', script, 'sh', hosts, resolv, process.execPath, BUNDLE],
        ['discover', 'alice@hosts.test', ...portArgs(), '--ca', certs.caCert, '--timeout', '4000', '--json'],
        { cwd: REPO, env: { ...process.env, M2K_PROBE_ALLOW_LOOPBACK: '1' }, timeoutMs: 40_000 },
      );
      expect(r.stderr).toBe('');
      const report = DiscoverReportSchema.parse(JSON.parse(r.stdout));
      expect(report.candidates.find((c) => c.host === 'mail.hosts.test')!.addresses).toEqual([A.plain]);
      expect(report.best).toBe('mail.hosts.test');
      // MX went to DNS; the hosts file answered for the name, so DNS was never asked for it.
      expect(system.asked).toContain('hosts.test MX');
      expect(system.asked.filter((q) => q.startsWith('mail.hosts.test '))).toEqual([]);
    } finally {
      await system.stop();
    }
  }, 40_000);
});

describe('server text on the terminal', () => {
  const rawControls = (s: string) => s.replace(/\n/g, '');

  it('discover: a greeting with ESC, BEL, CSI and a bidi override prints escaped; --json holds no raw ESC', async () => {
    const args = ['discover', 'hostile.test', ...portArgs(), '--dns', dnsServer(), '--timeout', '3000'];
    const table = await cli([...args, '--lang', 'en'], { M2K_PROBE_ALLOW_LOOPBACK: '1' });
    expect(table.stdout).toContain('mail.hostile.test');
    expect(table.stdout).toContain('it greets like Mail2000 ("+OK MPOP3D V8.0 \\x1b]0;owned\\x07\\x1b[2J\\x1b[31m\\x9b1;1H\\u202e ready")');
    expect(rawControls(table.stdout)).not.toMatch(ACTIVE);
    const json = await cli([...args, '--json'], { M2K_PROBE_ALLOW_LOOPBACK: '1' });
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('\\u001b]0;owned\\u0007');
  }, 40_000);

  it('check: nothing the hostile server sent reaches the terminal raw, as a table or as JSON', async () => {
    const args = ['check', A.hostile, '--only', 'pop3', '--pop3', String(ports.pop3), '--timeout', '3000'];
    const table = await cli(args);
    expect(table.stdout).toContain('pop3');
    expect(rawControls(table.stdout + table.stderr)).not.toMatch(ACTIVE);
    const json = await cli([...args, '--json']);
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const report = ProbeReportSchema.parse(JSON.parse(json.stdout));
    expect(report.results[0]!.greeting).toContain('\u001b[2J');
  }, 40_000);
});
