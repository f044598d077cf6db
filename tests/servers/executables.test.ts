/**
 * The standalone programs (scripts/build-exe.mjs), as the people who download them run them:
 * - Linux: the same JSON as the bundle under Node for the same real servers, certificate cases
 *   included (trust, name check, expiry, NODE_EXTRA_CA_CERTS, --ca); a double-click style run
 *   without arguments into a temporary HOME, then the installed copy started as a browser starts
 *   it, then removed by its own uninstall.
 * - Windows: tests/wine/windows-exe.test.ts (run under wine where wine can).
 * - macOS: Mach-O header, CPU type and an ad-hoc code signature whose page hashes match the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN, GECKO_ID, NATIVE_HOST_NAME } from '@/contract/ids';
import { SERVICES } from '@/contract/mail2000';
import { sharedMailStack } from '../support/mail-servers/shared';
import { startDovecot, TEST_USERS, type RunningDovecot } from '../support/mail-servers/dovecot';
import { runProgram, type ProgramRun as Run } from '../support/run-program';
import { BUNDLE, EXE, REPO, ensureExecutables, spawnHost, type HostProcess } from '../support/native-host/client';
// @ts-expect-error: a plain .mjs script without types
import { machoInfo, verifyAdhoc } from '../../scripts/macho-adhoc.mjs';

const stack = sharedMailStack();
let wrongName: RunningDovecot;
let expired: RunningDovecot;
let tmp: string;
const hosts: HostProcess[] = [];
const VERSION = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;

beforeAll(async () => {
  ensureExecutables();
  wrongName = await startDovecot({ cert: stack.certs.wrongName });
  expired = await startDovecot({ cert: stack.certs.expired });
  tmp = mkdtempSync(path.join(tmpdir(), 'm2k-exe-'));
});
afterAll(async () => {
  for (const h of hosts) h.kill();
  await Promise.all([wrongName?.stop(), expired?.stop()]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function run(command: string[], args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: path.join(tmp, 'nohome'),
    LANG: 'C.UTF-8',
    LC_ALL: '',
    LC_MESSAGES: '',
    XDG_CONFIG_HOME: '',
    XDG_DATA_HOME: '',
    NODE_EXTRA_CA_CERTS: '',
    ...opts.env,
  };
  return runProgram(command, args, { ...opts, env, cwd: tmp });
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const NODE = () => [process.execPath, BUNDLE];
const LINUX = () => [EXE['linux-x64']];

/**
 * A report without what may differ between two runs of the same program: timings, and the IMAP
 * command tags (one counter shared by the services probed in parallel, so their order decides).
 * And one thing that differs between the runtimes: the TLS 1.3 cipher suite. Node (OpenSSL) offers
 * AES-256-GCM first, Bun (BoringSSL) AES-128-GCM, and BoringSSL's TLS 1.3 order cannot be set; the
 * servers follow the client's preference. Both are fine; docs/companion.md says so.
 */
function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'ms')
        .map(([k, x]) => [k, comparable(x)]),
    );
  if (typeof v === 'string')
    return v.replace(/\bTLS_AES_(?:128_GCM_SHA256|256_GCM_SHA384)\b/g, 'TLS13-AES-GCM').replace(/\bm2k\d+ /g, 'm2kN ');
  return v;
}

describe('Linux executable: the same reports as the bundle under Node', () => {
  const ports = () => SERVICES.flatMap((s) => [`--${s}`, String(stack.ports[s])]);
  const dovecotPorts = (d: RunningDovecot) => [
    '--pop3',
    String(d.ports.pop3),
    '--pop3s',
    String(d.ports.pop3s),
    '--imap',
    String(d.ports.imap),
    '--imaps',
    String(d.ports.imaps),
    '--only',
    'pop3,pop3s,imap,imaps',
  ];
  const cases: [string, () => string[], NodeJS.ProcessEnv?, string?][] = [
    ['all seven services, --ca', () => ['localhost', ...ports(), '--ca', stack.certs.caCert]],
    ['no CA given: the chain is not trusted', () => ['localhost', ...ports()]],
    [
      'NODE_EXTRA_CA_CERTS trusts the CA',
      () => ['127.0.0.1', ...ports(), '--only', 'pop3s,imaps,smtps,submission'],
      { NODE_EXTRA_CA_CERTS: '' /* set below */ },
    ],
    ['a certificate for another name', () => ['localhost', ...dovecotPorts(wrongName), '--ca', stack.certs.caCert]],
    ['an expired certificate', () => ['localhost', ...dovecotPorts(expired), '--ca', stack.certs.caCert]],
    [
      'a login over TLS (IMAP-quoted password)',
      () => [
        'localhost',
        ...ports(),
        '--only',
        'pop3s,imaps,submission',
        '--ca',
        stack.certs.caCert,
        '--user',
        TEST_USERS.odd.user,
        '--password-stdin',
      ],
      undefined,
      `${TEST_USERS.odd.password}\n`,
    ],
  ];
  it.each(cases)(
    '%s',
    async (_name, args, env, input) => {
      const e = env && 'NODE_EXTRA_CA_CERTS' in env ? { NODE_EXTRA_CA_CERTS: stack.certs.caCert } : undefined;
      const [a, b] = await Promise.all([
        run(NODE(), ['check', ...args(), '--json'], { env: e, input }),
        run(LINUX(), ['check', ...args(), '--json'], { env: e, input }),
      ]);
      expect(b.stderr).toBe(a.stderr);
      expect(b.code).toBe(a.code);
      const ra = JSON.parse(a.stdout);
      const rb = JSON.parse(b.stdout);
      // Result by result: a diff of the whole report is slow enough to stall the test when it fails.
      expect(rb.results.length).toBe(ra.results.length);
      for (let i = 0; i < ra.results.length; i++) expect(comparable(rb.results[i])).toEqual(comparable(ra.results[i]));
      expect(comparable({ ...rb, results: [] })).toEqual(comparable({ ...ra, results: [] }));
      // Each case must show what it claims, or an equal pair of wrong answers would pass.
      const tls = ra.results
        .filter((r: { tls?: unknown }) => r.tls)
        .map((r: { tls: { trusted: boolean; nameMatches: boolean; error?: string } }) => r.tls);
      expect(tls.length).toBeGreaterThan(0);
      if (_name.includes('not trusted')) expect(tls.every((t: { trusted: boolean }) => !t.trusted)).toBe(true);
      if (_name.includes('another name')) expect(tls.every((t: { nameMatches: boolean }) => !t.nameMatches)).toBe(true);
      if (_name.includes('expired')) expect(tls.every((t: { error?: string }) => t.error === 'CERT_HAS_EXPIRED')).toBe(true);
      if (_name.includes('NODE_EXTRA') || _name.includes('seven')) expect(tls.every((t: { trusted: boolean }) => t.trusted)).toBe(true);
      if (_name.includes('login')) expect(ra.results.map((r: { auth?: string }) => r.auth)).toEqual(['accepted', 'accepted', 'accepted']);
      // The certificate details themselves, not only the verdicts.
      const cert = ra.results.find((r: { tls?: { subject?: unknown } }) => r.tls?.subject)?.tls;
      if (cert) expect(Object.keys(cert).length).toBeGreaterThan(4);
    },
    60_000,
  );
});

describe('Linux executable: run without arguments, as a double-click does', () => {
  it('installs itself for every browser found, says so in the system language, and its copy serves the browsers', async () => {
    const home = path.join(tmp, 'home');
    mkdirSync(path.join(home, '.config/chromium'), { recursive: true });
    mkdirSync(path.join(home, '.mozilla/firefox'), { recursive: true });
    const env = { HOME: home, LANG: 'zh_TW.UTF-8' };
    const r = await run(LINUX(), [], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(home, '.local/share/m2k-probe');
    const installed = path.join(dir, 'm2k-probe');
    expect(r.stdout).toContain(`Mail2000 Gmail Bridge 輔助程式已安裝於 ${dir}。`);
    expect(r.stdout).toContain('Chromium、Firefox');
    expect(r.stdout).toMatch(/請關閉後重新開啟/);
    expect(sha256(installed)).toBe(sha256(EXE['linux-x64'])); // not toEqual: 100 MB element by element takes minutes
    expect(statSync(installed).mode & 0o777).toBe(0o700);
    const chromium = JSON.parse(readFileSync(path.join(home, '.config/chromium/NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`), 'utf8'));
    const firefox = JSON.parse(readFileSync(path.join(home, '.mozilla/native-messaging-hosts', `${NATIVE_HOST_NAME}.json`), 'utf8'));
    expect(chromium).toMatchObject({ path: installed, allowed_origins: [CHROME_ORIGIN] });
    expect(firefox).toMatchObject({ path: installed, allowed_extensions: [GECKO_ID] });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'installed.json', 'm2k-probe']);

    // English when the system says nothing Chinese; running it again changes nothing.
    const again = await run(LINUX(), [], { env: { HOME: home, LANG: 'en_US.UTF-8' } });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`The Mail2000 Gmail Bridge helper is installed in ${dir}.`);
    expect(again.stdout).toContain('Chromium and Firefox');

    // The installed copy adds an allow-list entry for the test servers (install from itself).
    const allow = `localhost:${Object.values(stack.ports)
      .sort((a, b) => a - b)
      .join('+')}`;
    const inst = await run([installed], ['install', '--browser', 'chromium,firefox', '--allow', allow], { env: { HOME: home } });
    expect(inst.code).toBe(0);

    // Started as Chromium starts it: no PATH, no Node anywhere.
    const host = spawnHost([CHROME_ORIGIN], { HOME: home, PATH: '', NODE_EXTRA_CA_CERTS: stack.certs.caCert, M2K_PROBE_CONFIG: '' }, [
      chromium.path,
    ]);
    hosts.push(host);
    host.send({ type: 'hello' });
    host.send({ type: 'probe', id: 'exe', host: 'localhost', ports: stack.ports, only: ['imaps'] });
    const replies = await host.waitReplies(3, 30_000);
    expect(replies[0]).toEqual({ type: 'hello', version: 1, helperVersion: VERSION, allow: ['mail.au.edu.tw', allow] });
    expect(replies[1]).toMatchObject({ type: 'result', id: 'exe', result: { service: 'imaps', ok: true, tls: { trusted: true } } });
    host.end();
    expect((await host.exited()).code).toBe(0);

    const st = JSON.parse((await run([installed], ['status', '--json'], { env: { HOME: home } })).stdout);
    expect(st).toMatchObject({ installed: true, node: '', outdated: false });

    const un = await run([installed], ['uninstall'], { env: { HOME: home } });
    expect(un.code).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(path.join(home, '.config/chromium'))).toEqual([]);
    expect(readdirSync(path.join(home, '.mozilla'))).toEqual(['firefox']);
  }, 90_000);

  it('with no browser on the machine, says what to do instead of failing with a trace', async () => {
    const home = path.join(tmp, 'bare');
    mkdirSync(home);
    const r = await run(LINUX(), [], { env: { HOME: home } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No Chrome, Edge, Brave, Chromium or Firefox was found for this user.');
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('a program the Windows installer package put in place (its marker beside it)', () => {
  it('the host reads config.json beside the program, not the per-user one', async () => {
    // The Linux program stands in for the Windows one (wine cannot run Bun's runtime): the rule is the same code.
    const dir = path.join(tmp, 'package');
    mkdirSync(dir);
    const program = path.join(dir, 'm2k-probe');
    copyFileSync(EXE['linux-x64'], program);
    chmodSync(program, 0o755);
    writeFileSync(path.join(dir, 'installed-by-msi.json'), JSON.stringify({ by: 'msi', scope: 'machine', version: VERSION }));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ version: 1, allow: ['mail.school.test'] }));
    const host = spawnHost([CHROME_ORIGIN], { HOME: path.join(tmp, 'nohome'), PATH: '', M2K_PROBE_CONFIG: '' }, [program]);
    hosts.push(host);
    host.send({ type: 'hello' });
    const [hello] = await host.waitReplies(1, 30_000);
    expect(hello).toEqual({ type: 'hello', version: 1, helperVersion: VERSION, allow: ['mail.au.edu.tw', 'mail.school.test'] });
    host.end();
    expect((await host.exited()).code).toBe(0);
  }, 60_000);
});

describe('macOS executables', () => {
  it.each([
    ['darwin-arm64', 0x0100000c],
    ['darwin-x64', 0x01000007],
  ] as const)('%s: Mach-O executable for its CPU with a valid ad-hoc signature', (target, cputype) => {
    const b = readFileSync(EXE[target]);
    const info = machoInfo(b);
    expect(info.cputype).toBe(cputype);
    expect(info.filetype).toBe(2); // MH_EXECUTE
    // Apple silicon runs no unsigned code, and a signature that does not match is worse than none.
    expect(verifyAdhoc(b)).toMatchObject({ signed: true, adhoc: true, badPages: 0, coversCode: true });
  });
});
