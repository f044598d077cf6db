/**
 * No piece of the password leaves the companion program, whatever a server echoes. Hostile
 * servers on loopback (tests/support/mail-servers/echo.ts) refuse every login and echo the lines
 * that carried it, in the login's answer, in QUIT's and, on later connections, in the greeting and
 * the capability list, padded so that the echo straddles the probe's cuts. The bundled native host
 * (as a browser starts it) and the command line's `--json` and table output must then contain no
 * run of 4 or more characters of the password in any form we send it: raw, IMAP-quoted, SASL PLAIN
 * and base64.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN } from '@/contract/ids';
import type { HostReply } from '@/contract/protocol';
import { makeTestCerts, type TestCerts } from '../support/mail-servers/certs';
import { startEcho, type EchoServer } from '../support/mail-servers/echo';
import { BUNDLE, REPO, ensureBundle, spawnHost, type HostProcess } from '../support/native-host/client';
import { runProgram, type ProgramRun } from '../support/run-program';

const USER = 'echo.user';
// Printable ASCII with `"` and `\`, so IMAP sends it quoted (escaped), unlike the raw form.
const PASSWORD = 'Zq7"vR\\k2#Lm9^Tw';

/** The forms in which a probe sends the password, computed here independently of the helper. */
const FORMS = {
  raw: PASSWORD,
  imapQuoted: `"${PASSWORD.replace(/[\\"]/g, (m) => '\\' + m)}"`,
  saslPlain: Buffer.from(`\0${USER}\0${PASSWORD}`, 'utf8').toString('base64'),
  base64: Buffer.from(PASSWORD, 'utf8').toString('base64'),
};
/** Every 4-character run of every form. */
const WINDOWS: { form: string; window: string }[] = [];
for (const [form, text] of Object.entries(FORMS)) {
  for (let i = 0; i + 4 <= text.length; i++) WINDOWS.push({ form, window: text.slice(i, i + 4) });
}

/** Where in `text` any window occurs (none expected). */
function leaks(text: string): string[] {
  return WINDOWS.filter((w) => text.includes(w.window)).map(
    (w) =>
      `${w.form} ${JSON.stringify(w.window)} in …${JSON.stringify(text.slice(Math.max(0, text.indexOf(w.window) - 20), text.indexOf(w.window) + 24))}…`,
  );
}

/** Every string in a parsed JSON value (a JSON text escapes `"` and `\`, which would hide a quoted echo). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

let dir: string;
let certs: TestCerts;
let config: string;
const heard: string[] = [];
const servers: Record<
  'pop3User' | 'pop3Sasl' | 'imap' | 'smtpPlain' | 'smtpLogin' | 'pop3Refuse' | 'imapRefuse' | 'smtpRefuse',
  EchoServer
> = {} as never;
const hosts: HostProcess[] = [];

beforeAll(async () => {
  ensureBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'm2k-echo-'));
  certs = makeTestCerts(dir);
  const cert = { key: certs.trusted.key, cert: certs.trusted.chain };
  const aimAt = Object.values(FORMS);
  servers.pop3User = await startEcho({ protocol: 'pop3', cert, aimAt, heard });
  servers.pop3Sasl = await startEcho({ protocol: 'pop3', cert, aimAt, heard, sasl: true });
  servers.imap = await startEcho({ protocol: 'imap', cert, aimAt, heard });
  servers.smtpPlain = await startEcho({ protocol: 'smtp', cert, aimAt, heard });
  servers.smtpLogin = await startEcho({ protocol: 'smtp', cert, aimAt, heard, smtpLoginOnly: true });
  servers.pop3Refuse = await startEcho({ protocol: 'pop3', cert, aimAt, heard, refuseGreeting: true });
  servers.imapRefuse = await startEcho({ protocol: 'imap', cert, aimAt, heard, refuseGreeting: true });
  servers.smtpRefuse = await startEcho({ protocol: 'smtp', cert, aimAt, heard, refuseGreeting: true });
  config = path.join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      version: 1,
      allow: [
        `127.0.0.1:${Object.values(servers)
          .map((s) => s.port)
          .join('+')}`,
      ],
    }),
  );
});
afterEach(() => {
  for (const h of hosts.splice(0)) h.kill();
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Two rounds of ports: the second meets greetings and capability lists that echo the first. */
const rounds = () => [
  { pop3s: servers.pop3User.port, imaps: servers.imap.port, smtps: servers.smtpPlain.port },
  { pop3s: servers.pop3Sasl.port, imaps: servers.imap.port, smtps: servers.smtpLogin.port },
];
const ONLY = ['pop3s', 'imaps', 'smtps'] as const;
const refusing = () => ({ pop3s: servers.pop3Refuse.port, imaps: servers.imapRefuse.port, smtps: servers.smtpRefuse.port });

/** Checks that each form of the password was really sent and echoed, so the test proves something. */
function expectEveryFormHeard(): void {
  const all = heard.join('\n');
  for (const [form, text] of Object.entries(FORMS)) expect(all.includes(text), `${form} form sent to the servers`).toBe(true);
}

describe('a server that echoes the credential', () => {
  it('through the native host: no result frame carries 4 characters of the password in any sent form', async () => {
    const h = spawnHost([CHROME_ORIGIN], { M2K_PROBE_CONFIG: config, NODE_EXTRA_CA_CERTS: certs.caCert });
    hosts.push(h);
    const all: HostReply[] = [];
    // Three rounds: the last meets echoes of both earlier ones in its greetings.
    for (const [i, ports] of [...rounds(), rounds()[0]!].entries()) {
      h.send({
        type: 'probe',
        id: `echo-${i}`,
        host: '127.0.0.1',
        ports,
        only: ONLY,
        timeoutMs: 20_000,
        credential: { user: USER, password: PASSWORD },
      });
      const replies = await h.waitReplies(all.length + ONLY.length + 1, 40_000);
      all.splice(0, all.length, ...replies);
      expect(replies.at(-1)).toMatchObject({ type: 'summary', id: `echo-${i}`, ok: false });
    }
    // A fourth: greetings that refuse the client and echo the logins heard so far, cut in an error.
    h.send({
      type: 'probe',
      id: 'refused',
      host: '127.0.0.1',
      ports: refusing(),
      only: ONLY,
      timeoutMs: 20_000,
      credential: { user: USER, password: PASSWORD },
    });
    all.splice(0, all.length, ...(await h.waitReplies(all.length + ONLY.length + 1, 40_000)));
    h.end();
    expect((await h.exited()).code).toBe(0);
    expectEveryFormHeard();
    const results = all.flatMap((r) => (r.type === 'result' ? [r.result] : []));
    expect(results).toHaveLength(12);
    const refused = results.slice(9);
    expect(refused.map((r) => [r.service, r.stages.find((st) => !st.ok)?.code]).sort()).toEqual(
      ONLY.map((s) => [s, 'GREETING_REFUSED']).sort(),
    );
    expect(refused.every((r) => r.stages.find((st) => !st.ok)?.detail?.includes('***'))).toBe(true);
    results.splice(9);
    // Every login was tried over trusted TLS and refused: the echoes did reach the probe.
    for (const r of results) expect({ service: r.service, auth: r.auth }).toEqual({ service: r.service, auth: 'rejected' });
    // The later greetings echoed the earlier logins; what is left of that echo is hidden.
    expect(results.slice(3).some((r) => r.greeting?.includes('***'))).toBe(true);
    expect(leaks(strings(all).join('\n'))).toEqual([]);
    expect(leaks(h.stdoutBytes().toString('utf8'))).toEqual([]);
    expect(leaks(h.stderr())).toEqual([]);
  }, 120_000);

  it('through the command line: neither --json nor the table carries 4 characters of the password', async () => {
    for (const ports of [...rounds(), refusing()]) {
      const portArgs = Object.entries(ports).flatMap(([s, p]) => [`--${s}`, String(p)]);
      const args = ['check', '127.0.0.1', ...portArgs, '--only', ONLY.join(','), '--ca', certs.caCert, '--user', USER, '--password-stdin'];
      const json = await cli([...args, '--json'], `${PASSWORD}\n`);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as { results: { auth?: string }[] };
      const outcome = ports.pop3s === servers.pop3Refuse.port ? 'not-tried' : 'rejected';
      expect(report.results.map((r) => r.auth)).toEqual([outcome, outcome, outcome]);
      expect(leaks(strings(report).join('\n'))).toEqual([]);
      expect(leaks(json.stdout + json.stderr)).toEqual([]);
      const table = await cli([...args, '--lang', 'en'], `${PASSWORD}\n`);
      expect(table.stdout).toMatch(outcome === 'rejected' ? /login rejected/ : /login not tried/);
      expect(leaks(table.stdout + table.stderr)).toEqual([]);
    }
    expectEveryFormHeard();
  }, 120_000);
});

function cli(args: string[], input: string): Promise<ProgramRun> {
  return runProgram([process.execPath, BUNDLE], args, {
    cwd: REPO,
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '' },
    input,
    timeoutMs: 40_000,
  });
}
