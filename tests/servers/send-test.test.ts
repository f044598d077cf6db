/**
 * The forwarding test (`m2k-probe send-test` and the native host's `send-test` / `mail-policy`)
 * against a real Postfix that forwards to a real Dovecot over LMTP, on loopback: alice@school.test
 * is forwarded to the Gmail side (inbox@gmail.test) keeping a copy; dave@school.test is forwarded
 * to a domain that refuses it (5.7.26), so the bounce comes back. SPF and DMARC come from a loopback
 * DNS server. Fault servers stand in for a server without TLS and one that answers with terminal
 * control characters, and record what they were sent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN } from '@/contract/ids';
import { SendTestReportSchema, type SendTestReport } from '@/contract/send-test';
import { testTag } from '@/contract/send-test-rules';
import type { HostReply } from '@/contract/protocol';
import { startForwardingStack, DEFAULT_ALIASES, FORWARDING_USERS, type ForwardingStack } from '../support/mail-servers/forwarding';
import { startPostfix } from '../support/mail-servers/postfix';
import { startFault, type FaultServer } from '../support/mail-servers/faults';
import { freePorts } from '../support/mail-servers/ports';
import { startDnsServer, type DnsServer } from '../support/dns/server';
import { runProgram, type ProgramRun } from '../support/run-program';
import { BUNDLE, REPO, ensureBundle, spawnHost, type HostProcess } from '../support/native-host/client';

let stack: ForwardingStack;
let dnsServer: DnsServer;
let tmp: string;
let closedPort: number;
const faults: FaultServer[] = [];
const hosts: HostProcess[] = [];
const ALICE = { user: 'alice', password: 'Secret-123!' };

beforeAll(async () => {
  ensureBundle();
  stack = await startForwardingStack();
  dnsServer = await startDnsServer({
    'school.test': { txt: ['v=spf1 ip4:127.0.0.0/8 -all', 'an unrelated TXT record'] },
    '_dmarc.school.test': { txt: ['v=DMARC1; p=reject; pct=100'] },
  });
  tmp = mkdtempSync(path.join(tmpdir(), 'm2k-send-'));
  // A port that was free a moment ago and is closed now: nothing listens there.
  [closedPort] = (await freePorts(1)) as [number];
});
afterEach(() => {
  for (const h of hosts.splice(0)) h.kill();
});
afterAll(async () => {
  await Promise.allSettled([stack?.stop(), dnsServer?.stop(), ...faults.map((f) => f.stop())]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const fault = async (kind: Parameters<typeof startFault>[0]) => {
  const f = await startFault(kind);
  faults.push(f);
  return f;
};

/** The CLI with the stack's ports, its CA and the loopback DNS; `ports` overrides single ports. */
function sendTest(
  address: string,
  opts: { user?: string; password?: string; ports?: Record<string, number>; extra?: string[]; lang?: string } = {},
): Promise<ProgramRun> {
  const ports = {
    smtps: stack.ports.smtps,
    submission: stack.ports.submission,
    imaps: stack.ports.imaps,
    pop3s: stack.ports.pop3s,
    ...opts.ports,
  };
  const args = [
    'send-test',
    address,
    '--host',
    'localhost',
    '--user',
    opts.user ?? ALICE.user,
    '--password-stdin',
    '--ca',
    stack.certs.caCert,
    '--dns',
    `127.0.0.1:${dnsServer.port}`,
    ...Object.entries(ports).flatMap(([k, v]) => [`--${k}`, String(v)]),
    ...(opts.extra ?? []),
  ];
  return runProgram([process.execPath, BUNDLE], args, {
    cwd: REPO,
    env: { ...process.env, HOME: path.join(tmp, 'home'), LANG: opts.lang ?? 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    input: `${opts.password ?? ALICE.password}\n`,
    timeoutMs: 60_000,
  });
}

const report = (r: ProgramRun): SendTestReport => SendTestReportSchema.parse(JSON.parse(r.stdout));
const never = (r: ProgramRun, secret: string) => {
  expect(r.stdout).not.toContain(secret);
  expect(r.stderr).not.toContain(secret);
  expect(r.stdout).not.toContain(Buffer.from(secret).toString('base64'));
};

describe('send-test end to end', () => {
  it('sends through 465, finds the kept copy, and the forward reaches the Gmail side; SPF and DMARC read', async () => {
    const r = await sendTest('alice@school.test', { extra: ['--check-copy', '--json'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rep = report(r);
    expect(rep).toMatchObject({ sent: true, outcome: 'accepted', via: { service: 'smtps', port: stack.ports.smtps }, hostSource: 'given' });
    expect(rep.subject).toContain(testTag(rep.token));
    expect(rep.copy).toMatchObject({ found: true, via: 'imaps' });
    expect(rep.bounce).toBeUndefined();
    expect(rep.manualSend).toBeUndefined();
    expect(rep.hint.code).toBe('accepted');
    expect(rep.stages.filter((s) => !s.ok)).toEqual([]);
    expect(rep.stages.map((s) => `${s.service}:${s.name}`)).toEqual(
      expect.arrayContaining(['smtps:auth', 'smtps:envelope', 'smtps:data', 'imaps:select', 'imaps:watch']),
    );
    expect(rep.policy).toMatchObject({
      domain: 'school.test',
      spf: { found: true, server: 'listed', all: 'fail' },
      dmarc: { found: true, policy: 'reject', pct: 100 },
    });
    expect(rep.policy!.notes.map((n) => n.code)).toEqual(['colleagues-pass', 'outside-dkim', 'keep-copy']);
    // The message itself: in the Gmail side's mailbox and, as the kept copy, in alice's.
    const gmail = stack.mailbox(FORWARDING_USERS.gmail.user).filter((m) => m.includes(rep.token));
    expect(gmail).toHaveLength(1);
    expect(gmail[0]).toMatch(/^Message-ID: <m2k-test\.[a-z0-9]+\.[0-9a-f]+@school\.test>$/m);
    expect(stack.mailbox('alice').filter((m) => m.includes(rep.token))).toHaveLength(1);
    never(r, ALICE.password);
  });

  it('without --check-copy, in Traditional Chinese: the steps, "sent", and the notes', async () => {
    const r = await sendTest('alice@school.test', { lang: 'zh_TW.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^轉寄測試：alice@school\.test，經由 localhost（以 --host 指定）$/m);
    expect(r.stdout).toMatch(/^寄出：是，經由 smtps（連接埠 \d+），共 \d+ 毫秒$/m);
    expect(r.stdout).toMatch(/^ {2}smtps \d+ +登入 +正常/m);
    expect(r.stdout).toContain('同校同事寄來的信轉寄後能通過');
    expect(r.stdout).not.toContain('Mail2000 收件匣的副本');
    never(r, ALICE.password);
  });

  it('a server that offers only AUTH LOGIN (as Mail2000 does) takes the login that way', async () => {
    const loginOnly = await startPostfix({
      cert: { key: stack.certs.trusted.key, cert: stack.certs.trusted.chain },
      saslPort: stack.dovecot.ports.auth,
      saslMechanisms: 'login',
      only: ['smtps'],
      delivery: { lmtpPort: stack.dovecot.ports.lmtp!, domains: ['school.test', 'gmail.test'], aliases: DEFAULT_ALIASES, refuse: {} },
    });
    try {
      const r = await sendTest('alice@school.test', { ports: { smtps: loginOnly.ports.smtps }, extra: ['--json'] });
      expect(r.code).toBe(0);
      const rep = report(r);
      expect(rep.stages.find((s) => s.name === 'auth')).toMatchObject({ ok: true, detail: 'AUTH LOGIN: 235', service: 'smtps' });
      never(r, ALICE.password);
    } finally {
      await loginOnly.stop();
    }
  });

  it('when 465 is closed it sends through 587 after STARTTLS', async () => {
    const r = await sendTest('alice@school.test', { ports: { smtps: closedPort }, extra: ['--json'] });
    expect(r.code).toBe(0);
    const rep = report(r);
    expect(rep.via).toEqual({ service: 'submission', port: stack.ports.submission });
    expect(rep.stages.find((s) => s.service === 'smtps' && s.name === 'tcp')).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    const sub = rep.stages.filter((s) => s.service === 'submission').map((s) => s.name);
    expect(sub.indexOf('starttls')).toBeGreaterThan(-1);
    expect(sub.indexOf('starttls')).toBeLessThan(sub.indexOf('auth'));
  });

  it('when IMAP cannot be reached the copy is looked for over POP3 (TOP only, nothing deleted)', async () => {
    const before = stack.mailbox('alice');
    const r = await sendTest('alice@school.test', { ports: { imaps: closedPort }, extra: ['--check-copy', '--json'] });
    expect(r.code).toBe(0);
    const rep = report(r);
    expect(rep.copy).toMatchObject({ found: true, via: 'pop3s' });
    expect(rep.stages.find((s) => s.service === 'imaps' && s.name === 'tcp')).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    expect(rep.stages.filter((s) => s.service === 'pop3s').map((s) => s.name)).toEqual(
      expect.arrayContaining(['tls', 'auth', 'quit', 'watch']),
    );
    // Nothing deleted: every earlier message is still there, and so is the new copy.
    const after = stack.mailbox('alice');
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.filter((m) => m.includes(rep.token))).toHaveLength(1);
    never(r, ALICE.password);
  });

  it('a forward the next server refuses: the bounce names the token, with its status (exit 1)', async () => {
    const r = await sendTest('dave@school.test', {
      user: FORWARDING_USERS.refused.user,
      password: FORWARDING_USERS.refused.password,
      extra: ['--check-copy', '--json'],
    });
    expect(r.code).toBe(1);
    const rep = report(r);
    expect(rep.sent).toBe(true);
    expect(rep.copy?.found).toBe(true);
    expect(rep.bounce).toMatchObject({ status: '5.7.26', recipient: expect.stringContaining('inbox@refused.test') });
    expect(rep.bounce?.detail).toMatch(/blocked because the sender is unauthenticated/);
    expect(rep.hint.code).toBe('bounced');
    never(r, FORWARDING_USERS.refused.password);
  });

  it('a wrong password: auth-rejected, no hand-send offer, the password never printed', async () => {
    const wrong = 'Wrong-pass-77';
    const r = await sendTest('alice@school.test', { password: wrong, extra: ['--json'] });
    expect(r.code).toBe(1);
    const rep = report(r);
    expect(rep).toMatchObject({ sent: false, outcome: 'auth-rejected' });
    expect(rep.manualSend).toBeUndefined();
    expect(rep.stages.find((s) => s.name === 'auth')).toMatchObject({ ok: false, code: 'AUTH_REJECTED', detail: 'AUTH PLAIN: 535' });
    never(r, wrong);
  });
});

describe('send-test refuses to leak or inject', () => {
  it('a plain-text-only server (no STARTTLS) gets nothing but EHLO and QUIT; the subject is offered for a hand send', async () => {
    const plain = await fault('smtp-plain');
    const r = await sendTest('alice@school.test', { ports: { smtps: closedPort, submission: plain.port }, extra: ['--json'] });
    expect(r.code).toBe(1);
    const rep = report(r);
    expect(rep).toMatchObject({ sent: false, outcome: 'no-tls', manualSend: { to: 'alice@school.test', subject: rep.subject } });
    expect(rep.stages.find((s) => s.name === 'starttls')).toMatchObject({ ok: false, code: 'NO_STARTTLS', service: 'submission' });
    // EHLO only: the connection is dropped as soon as the missing STARTTLS is seen.
    expect(plain.received.map((l) => l.split(' ', 1)[0]!.toUpperCase())).toEqual(['EHLO']);
    expect(plain.received.join('\n')).not.toMatch(/AUTH|MAIL|Secret|U2VjcmV0/);
  });

  it('server text with control characters is printed escaped; JSON keeps it as JSON escapes', async () => {
    const ctl = await fault('smtp-refuse-ctl');
    const ports = { smtps: closedPort, submission: ctl.port };
    const human = await sendTest('alice@school.test', { ports, lang: 'en_US.UTF-8' });
    expect(human.code).toBe(1);
    expect(human.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(human.stdout).toContain('\\x1b[31mnot from your network\\x1b[2J\\x07');
    expect(human.stdout).toContain('\\x9b0m');
    expect(human.stdout).toContain('\\u202eevil');
    expect(human.stdout).toMatch(/does not take mail from this network/);
    expect(human.stdout).toMatch(
      /^Send it by hand from the webmail instead: to alice@school\.test, subject:\n {2}\[M2K-TEST [a-z0-9]{10}\] /m,
    );
    const json = await sendTest('alice@school.test', { ports, extra: ['--json'] });
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const rep = report(json);
    expect(rep).toMatchObject({ outcome: 'refused', refusal: { stage: 'greeting', reply: 554, status: '5.7.1' } });
    expect(rep.refusal?.detail).toContain('\u001b[31m');
  });

  it('CR or LF in the address, the user name or the host is refused before anything connects (exit 2)', async () => {
    const watch = await fault('smtp-plain');
    const ports = { smtps: watch.port, submission: watch.port };
    const cases: [string, { user?: string; extra?: string[] }][] = [
      ['alice@school.test\r\nBcc: eve@evil.test', {}],
      ['alice@school.test\nRCPT TO:<eve@evil.test>', {}],
      ['alice@school.test', { user: 'alice\r\nRSET' }],
      ['alice@school.test', { extra: ['--host', 'localhost\r\nx'] }],
    ];
    for (const [address, o] of cases) {
      const r = await sendTest(address, { ...o, ports });
      expect(r.code, JSON.stringify([address, o])).toBe(2);
      expect(r.stderr).toMatch(/control character|line break|not a host name/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(watch.received).toEqual([]);
  });

  it('an address that is not one: exit 2 with one sentence', async () => {
    for (const a of ['alice', 'alice@', '@school.test', 'alice@school', 'al ice@school.test', 'alice@@school.test']) {
      const r = await sendTest(a);
      expect(r.code, a).toBe(2);
      expect(r.stderr, a).toMatch(/^m2k-probe: ADDRESS: this is not an e-mail address like name@school\.edu\.tw$/m);
    }
  });

  it('an address on no known Mail2000 site needs --host: the password is never sent to a guessed server', async () => {
    const r = await runProgram([process.execPath, BUNDLE], ['send-test', 'someone@example.test', '--user', 'x', '--password-stdin'], {
      cwd: REPO,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '' },
      input: 'pw\n',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/example\.test is no known Mail2000 site; name its mail server with --host/);
  });
});

describe('send-test and mail-policy through the native host', () => {
  let config: string;
  beforeAll(() => {
    config = path.join(tmp, 'config.json');
    const ports = [stack.ports.smtps, stack.ports.submission, stack.ports.imaps, stack.ports.pop3s, closedPort];
    writeFileSync(config, JSON.stringify({ version: 1, allow: [`localhost:${ports.join('+')}`] }));
  });
  const host = () => {
    const h = spawnHost([CHROME_ORIGIN], {
      M2K_PROBE_CONFIG: config,
      NODE_EXTRA_CA_CERTS: stack.certs.caCert,
      M2K_PROBE_DNS: `127.0.0.1:${dnsServer.port}`,
    });
    hosts.push(h);
    return h;
  };
  const request = (over: Record<string, unknown> = {}) => ({
    type: 'send-test',
    id: 's1',
    address: 'alice@school.test',
    host: 'localhost',
    ports: { smtps: stack.ports.smtps, submission: stack.ports.submission, imaps: stack.ports.imaps, pop3s: stack.ports.pop3s },
    credential: ALICE,
    checkCopy: true,
    timeoutMs: 30_000,
    ...over,
  });

  it('streams each stage, then the report; the password never comes back', async () => {
    const h = host();
    h.send(request());
    const until = async () => {
      for (let n = 1; n < 100; n++) {
        const rs = await h.waitReplies(n, 45_000);
        if (rs.at(-1)!.type !== 'send-stage') return rs;
      }
      throw new Error('no report');
    };
    const replies = await until();
    const last = replies.at(-1)!;
    expect(last.type).toBe('send-report');
    const rep = (last as Extract<HostReply, { type: 'send-report' }>).report;
    expect(rep).toMatchObject({ sent: true, copy: { found: true } });
    const stages = replies.slice(0, -1).map((r) => (r as Extract<HostReply, { type: 'send-stage' }>).stage);
    expect(stages).toEqual(rep.stages);
    expect(h.stdoutBytes().toString('utf8')).not.toContain(ALICE.password);
    h.end();
    expect((await h.exited()).code).toBe(0);
  });

  it('a host or port off the allow-list, and CR/LF in any field, are refused before any connection', async () => {
    const watch = await fault('smtp-plain');
    const h = host();
    const bad: [Record<string, unknown>, string][] = [
      [{ id: 'a', host: 'mail.example.test' }, 'not-allowed'],
      [{ id: 'b', ports: { submission: watch.port } }, 'not-allowed'],
      [{ id: 'c', address: 'alice@school.test\r\nBcc: eve@evil.test' }, 'bad-request'],
      [{ id: 'd', credential: { user: 'alice\r\nRSET', password: 'x' } }, 'bad-request'],
      [{ id: 'e', credential: { user: 'alice', password: 'x\r\nQUIT' } }, 'bad-request'],
      [{ id: 'f', host: 'localhost\r\nx' }, 'bad-request'],
      [{ id: 'g', address: 'not an address' }, 'bad-request'],
    ];
    for (const [over] of bad) h.send(request(over));
    const replies = await h.waitReplies(bad.length, 15_000);
    expect(replies.map((r) => (r.type === 'error' ? [r.id, r.code] : [r.type]))).toEqual(bad.map(([o, code]) => [o.id, code]));
    expect(h.stdoutBytes().toString('utf8')).not.toMatch(/QUIT|RSET|evil/);
    expect(watch.received).toEqual([]);
  });

  it('mail-policy reads SPF and DMARC from DNS and answers with the notes', async () => {
    const h = host();
    h.send({ type: 'mail-policy', id: 'p1', address: 'alice@school.test', host: 'localhost' });
    const [reply] = await h.waitReplies(1, 15_000);
    expect(reply).toMatchObject({
      type: 'mail-policy',
      id: 'p1',
      policy: { domain: 'school.test', spf: { server: 'listed' }, dmarc: { policy: 'reject' } },
    });
    expect(dnsServer.asked).toEqual(expect.arrayContaining(['school.test TXT', '_dmarc.school.test TXT']));
  });

  it('at most five send tests in ten minutes per host: the sixth is rate-limited', async () => {
    const h = host();
    const closed = { smtps: closedPort, submission: closedPort, imaps: closedPort, pop3s: closedPort };
    for (let i = 1; i <= 6; i++) {
      h.send(request({ id: `r${i}`, ports: closed, checkCopy: false }));
      const rs = await h.waitReplies(h.replies.length + 1, 20_000);
      // Each unreachable test streams its stages; wait for its end before the next.
      let last = rs.at(-1)!;
      while (last.type === 'send-stage') last = (await h.waitReplies(h.replies.length + 1, 20_000)).at(-1)!;
      if (i <= 5) expect(last).toMatchObject({ type: 'send-report', id: `r${i}`, report: { outcome: 'unreachable' } });
      else expect(last).toMatchObject({ type: 'error', id: 'r6', code: 'rate-limited' });
    }
  });
});
