/**
 * The command line as people run it: the bundled m2k-probe against real Dovecot and Postfix on
 * loopback (exit codes, JSON, tables in en and zh-TW, login test from stdin), and install /
 * status / uninstall into a temporary HOME and user-data-dir, then the installed launcher started
 * the way a browser starts it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN, GECKO_ID, NATIVE_HOST_NAME } from '@/contract/ids';
import { SERVICES } from '@/contract/mail2000';
import { ProbeReportSchema } from '@/contract/protocol';
import { CREDENTIAL_LIMITS } from '@/contract/limits';
import { startFault } from '../support/mail-servers/faults';
import { sharedMailStack } from '../support/mail-servers/shared';
import { TEST_USERS } from '../support/mail-servers/dovecot';
import { runProgram, type ProgramRun as Run } from '../support/run-program';
import { BUNDLE, EXE, REPO, ensureBundle, ensureExecutables, spawnHost, type HostProcess } from '../support/native-host/client';

const stack = sharedMailStack();
let tmp: string;
let closedPort: number;
const hosts: HostProcess[] = [];

beforeAll(async () => {
  ensureBundle();
  ensureExecutables();
  tmp = mkdtempSync(path.join(tmpdir(), 'm2k-cli-'));
  // A port nobody listens on: bind, read the number, close.
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closedPort = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
});
afterEach(() => {
  for (const h of hosts.splice(0)) h.kill();
});
afterAll(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs the bundle with a clean locale and a temporary HOME unless told otherwise; killed after 30 s. */
function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; command?: string[] } = {}): Promise<Run> {
  return run(args, opts);
}

/** The same CLI tests for both forms of the program: the bundle under this Node, and the Linux executable. */
const PROGRAMS: [string, () => string[]][] = [
  ['node + m2k-probe.cjs', () => [process.execPath, BUNDLE]],
  ['m2k-probe-linux-x64', () => [EXE['linux-x64']]],
];

function run(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; command?: string[] } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: path.join(tmp, 'nohome'),
    LANG: 'C.UTF-8',
    LC_ALL: '',
    LC_MESSAGES: '',
    XDG_CONFIG_HOME: '',
    XDG_DATA_HOME: '',
    ...opts.env,
  };
  return runProgram(opts.command ?? [process.execPath, BUNDLE], args, {
    env,
    cwd: REPO,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
}

const portArgs = () => SERVICES.flatMap((s) => [`--${s}`, String(stack.ports[s])]);
const noStack = (r: Run) => expect(r.stderr).not.toMatch(/\n\s+at /);

describe.each(PROGRAMS)('check, %s', (_name, program) => {
  const cli = (args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) => run(args, { command: program(), ...opts });
  it('all seven services pass with --ca: exit 0, JSON that matches ProbeReportSchema', async () => {
    const r = await cli(['check', 'localhost', ...portArgs(), '--ca', stack.certs.caCert, '--json']);
    expect(r.code).toBe(0);
    const report = ProbeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.host).toBe('localhost');
    expect(report.results.map((x) => [x.service, x.port, x.ok])).toEqual(SERVICES.map((s) => [s, stack.ports[s], true]));
  }, 60_000);

  it('English table when the locale is not Chinese', async () => {
    const r = await cli(['check', 'localhost', ...portArgs(), '--ca', stack.certs.caCert], { env: { LANG: 'en_US.UTF-8' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^localhost: 7 of 7 services passed in \d+ ms$/);
    expect(lines[2]).toMatch(/^Service\s+Port\s+Result\s+Time\s+Failed at\s+Certificate \/ login$/);
    for (const s of SERVICES)
      expect(r.stdout).toMatch(new RegExp(`^${s}\\s+${stack.ports[s]}\\s+OK\\s+\\d+ ms\\s+trusted, \\d+ days left$`, 'm'));
  }, 60_000);

  it('Traditional Chinese table from LANG=zh_TW.UTF-8, with the failing service and its hint: exit 1', async () => {
    const r = await cli(
      [
        'check',
        'localhost',
        '--pop3s',
        String(stack.ports.pop3s),
        '--pop3',
        String(closedPort),
        '--only',
        'pop3,pop3s',
        '--ca',
        stack.certs.caCert,
      ],
      { env: { LANG: 'zh_TW.UTF-8' } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^localhost：2 項服務中 1 項正常，共 \d+ 毫秒$/m);
    expect(r.stdout).toMatch(/^服務\s+連接埠\s+結果\s+時間\s+失敗階段\s+憑證／登入$/m);
    expect(r.stdout).toMatch(new RegExp(`^pop3\\s+${closedPort}\\s+失敗\\s+\\d+ ms\\s+TCP ECONNREFUSED$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^pop3s\\s+${stack.ports.pop3s}\\s+正常\\s+\\d+ ms\\s+受信任，剩 \\d+ 天$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`請檢查：\\n  pop3 \\(${closedPort}\\): .*[\\u4e00-\\u9fff]`));
  }, 60_000);

  it('--lang en wins over a Chinese locale; LC_ALL wins over LANG', async () => {
    const a = await cli(['check', 'localhost', '--only', 'pop3', '--pop3', String(closedPort), '--lang', 'en'], {
      env: { LANG: 'zh_TW.UTF-8' },
    });
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/^Service\s+Port/m);
    const b = await cli(['check', 'localhost', '--only', 'pop3', '--pop3', String(closedPort)], {
      env: { LANG: 'en_US.UTF-8', LC_ALL: 'zh_TW.UTF-8' },
    });
    expect(b.stdout).toMatch(/^服務\s+連接埠/m);
  }, 60_000);

  it('without --ca the throw-away CA is not trusted: exit 1, and JSON says why', async () => {
    const r = await cli(['check', 'localhost', ...portArgs(), '--only', 'imaps', '--json']);
    expect(r.code).toBe(1);
    const report = ProbeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.results[0]).toMatchObject({ service: 'imaps', ok: false, tls: { trusted: false } });
  }, 60_000);

  it('--ca adds to NODE_EXTRA_CA_CERTS instead of replacing it', async () => {
    // An unrelated certificate as --ca: trust must then come from the environment's CA alone.
    const args = ['check', 'localhost', ...portArgs(), '--only', 'imaps', '--ca', stack.certs.selfSigned.cert, '--json'];
    const withEnv = await cli(args, { env: { NODE_EXTRA_CA_CERTS: stack.certs.caCert } });
    expect(withEnv.code).toBe(0);
    expect(ProbeReportSchema.parse(JSON.parse(withEnv.stdout)).results[0]?.tls?.trusted).toBe(true);
    const without = await cli(args);
    expect(without.code).toBe(1);
  }, 60_000);

  it('--user with --password-stdin: the right password is accepted, a wrong one rejected (exit 1), neither printed', async () => {
    const { user, password } = TEST_USERS.plain;
    const good = await cli(
      [
        'check',
        'localhost',
        ...portArgs(),
        '--only',
        'pop3s,imaps',
        '--ca',
        stack.certs.caCert,
        '--user',
        user,
        '--password-stdin',
        '--json',
      ],
      { input: `${password}\n` },
    );
    expect(good.code).toBe(0);
    expect(ProbeReportSchema.parse(JSON.parse(good.stdout)).results.map((x) => x.auth)).toEqual(['accepted', 'accepted']);
    const wrong = 'Wrong-Pass-999!';
    const bad = await cli(
      ['check', 'localhost', ...portArgs(), '--only', 'pop3s', '--ca', stack.certs.caCert, '--user', user, '--password-stdin'],
      { input: `${wrong}\r\n` },
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/login rejected/);
    for (const [run, secret] of [
      [good, password],
      [bad, wrong],
    ] as const) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  }, 60_000);

  it.each([
    [['check', '--pop3', 'x'], /--pop3: must be a number/],
    [['check', '--only', 'pop3,telnet'], /--only/],
    [['check', '--timeout', '-5'], /--timeout|Unknown|argument/],
    [['check', '--ca', '/nonexistent/ca.pem'], /--ca: cannot read \/nonexistent\/ca.pem \(ENOENT\)/],
    [['check', '--ca', '/etc/hostname'], /not a PEM certificate/],
    [['check', '--user', 'alice'], /--password-stdin/],
    [['check', '--password', 'hunter2'], /Unknown option '--password'/],
    [['explode'], /unknown command "explode"/],
    [['install', '--allow', '127.0.0.1:99999'], /--allow: not a port/],
    [['install', '--browser', 'netscape'], /--browser/],
    [['status', '--lang', 'klingon'], /--lang/],
  ])('usage error %j: exit 2, one clear line, no stack trace', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/m2k-probe --help/);
    expect(r.stdout).toBe('');
    noStack(r);
  });

  it('an empty --password-stdin is a usage error (exit 2), in the terminal language', async () => {
    const r = await cli(['check', 'localhost', '--only', 'pop3s', '--user', 'alice', '--password-stdin'], {
      input: '',
      env: { LANG: 'zh_TW.UTF-8' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('標準輸入沒有密碼');
    noStack(r);
  });

  it('a user name with a control character or a password with a line break or NUL: exit 2, one clear line in the terminal language, nothing sent', async () => {
    const fault = await startFault('pop3-plain');
    try {
      const args = (user: string) => [
        'check',
        '127.0.0.1',
        '--only',
        'pop3',
        '--pop3',
        String(fault.port),
        '--user',
        user,
        '--password-stdin',
      ];
      const en = await cli(args('alice\r\nDELE 1'), { input: 'pw\n' });
      expect(en.code).toBe(2);
      expect(en.stderr).toMatch(/^m2k-probe: --user: the user name contains a control character/);
      expect(en.stderr).not.toContain('DELE');
      const zh = await cli(args('alice\tbob'), { input: 'pw\n', env: { LANG: 'zh_TW.UTF-8' } });
      expect(zh.code).toBe(2);
      expect(zh.stderr).toContain('m2k-probe：--user: 帳號含有控制字元');
      const nul = await cli(args('alice'), { input: 'p\u0000w\n' });
      expect(nul.code).toBe(2);
      expect(nul.stderr).toMatch(/--password-stdin: the password contains a line break or NUL character/);
      for (const r of [en, zh, nul]) {
        expect(r.stdout).toBe('');
        noStack(r);
      }
      expect(fault.received).toEqual([]);
    } finally {
      await fault.stop();
    }
  });

  it(`one password limit (${CREDENTIAL_LIMITS.password} characters) with the host and the popup: one over is a clear usage error, the limit itself is tried`, async () => {
    const over = await cli(
      ['check', 'localhost', '--only', 'pop3s', '--pop3s', String(stack.ports.pop3s), '--user', 'alice', '--password-stdin'],
      { input: 'p'.repeat(CREDENTIAL_LIMITS.password + 1) + '\n', env: { LANG: 'zh_TW.UTF-8' } },
    );
    expect(over.code).toBe(2);
    expect(over.stderr).toContain(`密碼超過 ${CREDENTIAL_LIMITS.password} 個字元`);
    expect(over.stderr).not.toMatch(/Zod|too_big|"code"/);
    noStack(over);
    const at = await cli(
      [
        'check',
        'localhost',
        '--only',
        'pop3s',
        '--pop3s',
        String(stack.ports.pop3s),
        '--ca',
        stack.certs.caCert,
        '--user',
        'alice',
        '--password-stdin',
        '--json',
      ],
      { input: 'p'.repeat(CREDENTIAL_LIMITS.password) + '\n' },
    );
    expect(at.stderr).toBe('');
    expect(at.code).toBe(1);
    expect(ProbeReportSchema.parse(JSON.parse(at.stdout)).results[0]?.auth).toBe('rejected');
  }, 60_000);

  it('--help and --version', async () => {
    const en = await cli(['--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/^m2k-probe: Mail2000 mail server probe/);
    expect(en.stdout).toContain('--allow HOST[:PORT+PORT]');
    const zh = await cli(['--help'], { env: { LANG: 'zh_TW.UTF-8' } });
    expect(zh.stdout).toContain('用法：');
    const v = await cli(['--version']);
    expect(v.stdout).toBe(`m2k-probe ${JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}\n`);
  });
});

it("the package's bin entry runs through npx from the repo", async () => {
  const r = await cli(['--offline', 'm2k-probe', '--version'], { command: ['npx'] });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^m2k-probe \d+\.\d+\.\d+/);
});

describe('install, status, uninstall in a temporary HOME', () => {
  it('installs for a custom Chromium profile and Firefox, runs the launcher as the browsers do, then removes everything', async () => {
    const home = path.join(tmp, 'home');
    const udd = path.join(tmp, 'chromium-profile');
    mkdirSync(home);
    const env = { HOME: home };
    const allow = `localhost:${Object.values(stack.ports)
      .sort((a, b) => a - b)
      .join('+')}`; // as the config keeps it
    const inst = await cli(['install', '--browser', 'chromium,firefox', '--user-data-dir', udd, '--allow', allow], { env });
    expect(inst.code).toBe(0);
    expect(inst.stdout).toMatch(/^Installed the browser helper for: custom, firefox$/m);

    const dataDir = path.join(home, '.local/share/m2k-probe');
    const launcher = path.join(dataDir, 'm2k-probe-host');
    const chromeManifest = path.join(udd, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`);
    const firefoxManifest = path.join(home, '.mozilla/native-messaging-hosts', `${NATIVE_HOST_NAME}.json`);
    expect(JSON.parse(readFileSync(chromeManifest, 'utf8'))).toMatchObject({ path: launcher, allowed_origins: [CHROME_ORIGIN] });
    expect(JSON.parse(readFileSync(firefoxManifest, 'utf8'))).toMatchObject({ path: launcher, allowed_extensions: [GECKO_ID] });
    expect(readFileSync(launcher, 'utf8')).toContain(`exec '${process.execPath}' '${path.join(dataDir, 'm2k-probe.cjs')}'`);
    expect(readFileSync(path.join(dataDir, 'm2k-probe.cjs'))).toEqual(readFileSync(BUNDLE));

    const st = await cli(['status', '--json'], { env });
    expect(st.code).toBe(0);
    const status = JSON.parse(st.stdout);
    expect(status).toMatchObject({ installed: true, installDir: dataDir, node: process.execPath, allow: ['mail.au.edu.tw', allow] });
    expect(status.files.map((f: { path: string; state: string }) => [f.path, f.state]).sort()).toEqual(
      [path.join(dataDir, 'm2k-probe.cjs'), path.join(dataDir, 'config.json'), launcher, chromeManifest, firefoxManifest]
        .sort()
        .map((p) => [p, 'ok']),
    );
    expect(status.outdated).toBe(false);
    const zh = await cli(['status'], { env: { ...env, LANG: 'zh_TW.UTF-8' } });
    expect(zh.stdout).toContain(`輔助程式安裝於 ${dataDir}`);
    // Another build of the program sees that the installed copy is not itself.
    const other = path.join(tmp, 'other-build.cjs');
    writeFileSync(other, readFileSync(BUNDLE, 'utf8') + '\n// another build\n');
    const st2 = await cli(['status'], { env, command: [process.execPath, other] });
    expect(st2.stdout).toContain(`The installed program differs from this one (${other}); run m2k-probe install again`);

    // Chromium: the manifest's path with the origin; a browser's minimal PATH must not matter.
    const chrome = spawnHost([CHROME_ORIGIN], { PATH: '', NODE_EXTRA_CA_CERTS: stack.certs.caCert, M2K_PROBE_CONFIG: '' }, [
      JSON.parse(readFileSync(chromeManifest, 'utf8')).path,
    ]);
    hosts.push(chrome);
    chrome.send({ type: 'hello' });
    chrome.send({ type: 'probe', id: 'via-launcher', host: 'localhost', ports: stack.ports, only: ['pop3s'] });
    const replies = await chrome.waitReplies(3, 30_000);
    expect(replies[0]).toMatchObject({ type: 'hello', allow: ['mail.au.edu.tw', allow] });
    expect(replies[1]).toMatchObject({ type: 'result', id: 'via-launcher', result: { service: 'pop3s', ok: true } });
    expect(replies[2]).toMatchObject({ type: 'summary', id: 'via-launcher', ok: true });
    chrome.end();
    expect((await chrome.exited()).code).toBe(0);

    // Firefox: manifest path and add-on id.
    const ff = spawnHost([firefoxManifest, GECKO_ID], { PATH: '' }, [launcher]);
    hosts.push(ff);
    ff.send({ type: 'hello' });
    expect((await ff.waitReplies(1))[0]?.type).toBe('hello');
    ff.end();
    expect((await ff.exited()).code).toBe(0);

    const un = await cli(['uninstall'], { env });
    expect(un.code).toBe(0);
    expect(un.stdout).toContain(`removed ${launcher}`);
    expect(readdirSync(home)).toEqual([]);
    expect(existsSync(udd)).toBe(false);
    const after = JSON.parse((await cli(['status', '--json'], { env })).stdout);
    expect(after).toMatchObject({ installed: false, files: [], foreign: [] });
    expect((await cli(['uninstall'], { env })).stdout).toMatch(/Nothing to remove/);
  }, 90_000);

  it('`install` with no browser profile in HOME says what to do: exit 1, no stack trace', async () => {
    const home = path.join(tmp, 'empty-home');
    mkdirSync(home);
    const r = await cli(['install'], { env: { HOME: home } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no browser profile found; name one with --browser/);
    noStack(r);
    expect(readdirSync(home)).toEqual([]);
  });
});
