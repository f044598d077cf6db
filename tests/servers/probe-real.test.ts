/**
 * The probe against real Dovecot (POP3, POP3S, IMAP, IMAPS) and Postfix (STARTTLS, implicit TLS,
 * submission with SASL through Dovecot) on loopback, started and stopped here, with a throw-away CA
 * trusted through `ca`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProbe } from '@/helper/probe/engine';
import { ProbeReportSchema, type ServiceResult } from '@/contract/protocol';
import { SERVICES, type Service } from '@/contract/mail2000';
import { startMailStack, type MailStack } from '../support/mail-servers/stack';
import { TEST_USERS } from '../support/mail-servers/dovecot';
import { startFault } from '../support/mail-servers/faults';
import { deadlineNamed } from '../support/probe/results';
import { within } from '../support/wait';
import { startPostfix } from '../support/mail-servers/postfix';

let stack: MailStack;
beforeAll(async () => {
  stack = await startMailStack();
});
afterAll(async () => {
  await stack?.stop();
});

const byService = (results: ServiceResult[], s: Service) => results.find((r) => r.service === s)!;
const names = (r: ServiceResult) => r.stages.map((s) => s.name);

describe('real Dovecot + Postfix', () => {
  it('every service passes with the CA trusted, in stage order, with TLS details and capabilities', async () => {
    const seen: string[] = [];
    const report = await runProbe({ host: 'localhost', ports: stack.ports, ca: stack.certs.caPem, timeoutMs: 10_000 }, (r) =>
      seen.push(r.service),
    );
    expect(() => ProbeReportSchema.parse(report)).not.toThrow();
    expect(report.results.map((r) => r.service)).toEqual([...SERVICES]);
    expect([...seen].sort()).toEqual([...SERVICES].sort());
    for (const r of report.results) {
      expect({ service: r.service, ok: r.ok, failed: r.stages.filter((s) => !s.ok) }).toEqual({ service: r.service, ok: true, failed: [] });
      expect(r.port).toBe(stack.ports[r.service]);
      expect(r.tls).toMatchObject({
        trusted: true,
        nameMatches: true,
        subject: expect.stringContaining('CN=localhost'),
        issuer: expect.stringContaining('M2K Test CA'),
      });
      expect(r.tls!.san).toContain('DNS:localhost');
      expect(r.tls!.daysLeft).toBeGreaterThan(300);
      expect(r.tls!.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(r.stages.every((s) => s.ms >= 0)).toBe(true);
      expect(r.warnings).toEqual([]);
    }
    expect(names(byService(report.results, 'pop3'))).toEqual([
      'dns',
      'tcp',
      'greeting',
      'capabilities',
      'starttls',
      'capabilities',
      'quit',
    ]);
    expect(names(byService(report.results, 'imaps'))).toEqual(['dns', 'tcp', 'tls', 'greeting', 'capabilities', 'quit']);
    expect(names(byService(report.results, 'smtp'))).toEqual([
      'dns',
      'tcp',
      'greeting',
      'capabilities',
      'starttls',
      'capabilities',
      'quit',
    ]);
    const pop3 = byService(report.results, 'pop3');
    expect(pop3.greeting).toMatch(/^\+OK/);
    expect(pop3.capabilities).toContain('UIDL');
    expect(pop3.capabilities).not.toContain('STLS'); // the list after the upgrade
    expect(byService(report.results, 'imap').greeting).toMatch(/^\* OK/);
    expect(byService(report.results, 'submission').capabilities?.some((c) => /^AUTH\b.*PLAIN/.test(c))).toBe(true);
    expect(byService(report.results, 'smtps').greeting).toMatch(/^220 /);
  });

  it('right password: accepted on POP3S, IMAPS, STARTTLS POP3/IMAP, submission and smtps; password never in the report', async () => {
    const cred = TEST_USERS.plain;
    const report = await runProbe({ host: 'localhost', ports: stack.ports, ca: stack.certs.caPem, credential: { ...cred } });
    for (const s of ['pop3', 'pop3s', 'imap', 'imaps', 'smtps', 'submission'] as const) {
      const r = byService(report.results, s);
      expect({ s, auth: r.auth, ok: r.ok }).toEqual({ s, auth: 'accepted', ok: true });
      expect(names(r)).toContain('auth');
    }
    // Port 25 does not offer AUTH: no login test there.
    expect(byService(report.results, 'smtp').auth).toBe('not-tried');
    expect(JSON.stringify(report)).not.toContain(cred.password);
    expect(JSON.stringify(report)).not.toContain(Buffer.from(`\0${cred.user}\0${cred.password}`).toString('base64'));
  });

  it('wrong password: rejected on POP3S, IMAPS and submission, with the Mail2000 password hint', async () => {
    const wrong = 'Wrong-Pass-999!';
    const report = await runProbe({
      host: 'localhost',
      ports: stack.ports,
      ca: stack.certs.caPem,
      only: ['pop3s', 'imaps', 'submission'],
      credential: { user: 'alice', password: wrong },
    });
    for (const r of report.results) {
      expect(r.auth).toBe('rejected');
      expect(r.ok).toBe(false);
      expect(r.stages.find((s) => s.name === 'auth')).toMatchObject({ ok: false, code: 'AUTH_REJECTED' });
      expect(r.hint?.code).toBe('AUTH_REJECTED');
      expect(r.hint?.en).toMatch(/NOT the school SSO password/);
      expect(r.hint?.zh_TW).toMatch(/校務系統/);
      // The session still ends cleanly.
      expect(r.stages.at(-1)).toMatchObject({ name: 'quit', ok: true });
    }
    expect(JSON.stringify(report)).not.toContain(wrong);
  });

  it('SMTP without AUTH PLAIN: AUTH LOGIN on submission and smtps, right and wrong password', async () => {
    const pf = await startPostfix({
      cert: { key: stack.certs.trusted.key, cert: stack.certs.trusted.chain },
      saslPort: stack.dovecot.ports.auth,
      saslMechanisms: 'login',
    });
    try {
      const ports = { submission: pf.ports.submission, smtps: pf.ports.smtps };
      for (const [password, expected] of [
        [TEST_USERS.literal.password, 'accepted'],
        ['Wrong-Pass-999!', 'rejected'],
      ] as const) {
        const report = await runProbe({
          host: 'localhost',
          ports,
          only: ['submission', 'smtps'],
          ca: stack.certs.caPem,
          credential: { user: TEST_USERS.literal.user, password },
        });
        for (const r of report.results) {
          expect(r.capabilities?.find((c) => c.startsWith('AUTH'))).toBe('AUTH LOGIN');
          expect({ s: r.service, auth: r.auth }).toEqual({ s: r.service, auth: expected });
          expect(r.stages.find((st) => st.name === 'auth')?.detail).toMatch(/^AUTH LOGIN: (235|535)/);
        }
        expect(JSON.stringify(report)).not.toContain(password);
        expect(JSON.stringify(report)).not.toContain(Buffer.from(password).toString('base64'));
      }
    } finally {
      await pf.stop();
    }
  });

  it('IMAP LOGIN quoting: a password with quotes, backslash and spaces (quoted string) and one with non-ASCII (literal)', async () => {
    for (const cred of [TEST_USERS.odd, TEST_USERS.literal]) {
      const report = await runProbe({
        host: 'localhost',
        ports: stack.ports,
        ca: stack.certs.caPem,
        only: ['imaps', 'imap', 'pop3s'],
        credential: { ...cred },
      });
      for (const r of report.results)
        expect({ user: cred.user, s: r.service, auth: r.auth }).toEqual({ user: cred.user, s: r.service, auth: 'accepted' });
      expect(JSON.stringify(report)).not.toContain(cred.password);
    }
  });

  it('without the CA: the chain ends in an untrusted root (SELF_SIGNED_CERT_IN_CHAIN), details kept, no password sent', async () => {
    const report = await runProbe({ host: 'localhost', ports: stack.ports, only: ['imaps', 'pop3'], credential: { ...TEST_USERS.plain } });
    const imaps = byService(report.results, 'imaps');
    expect(imaps.stages.find((s) => s.name === 'tls')).toMatchObject({ ok: false, code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(imaps.tls).toMatchObject({ trusted: false, nameMatches: true, error: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(imaps.hint?.code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(imaps.auth).toBe('not-tried');
    expect(names(imaps)).not.toContain('auth');
    // The probe still reads the greeting and capabilities over the untrusted connection.
    expect(imaps.greeting).toMatch(/^\* OK/);
    const pop3 = byService(report.results, 'pop3');
    expect(pop3.stages.find((s) => s.name === 'starttls')).toMatchObject({ ok: false, code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(pop3.auth).toBe('not-tried');
  });

  it('all seven run in parallel: a server behind all seven ports has all seven connections open at once', async () => {
    // How much time that saves is probe.parallel_ratio in tests/bench/probe.bench.mjs; here, that
    // the services do not wait for each other: one silent server takes every port, and the run is
    // cancelled once it holds seven connections (a run one service at a time would never get there).
    const hole = await startFault('silent');
    try {
      const ctl = new AbortController();
      // Cancelled either way, so a run that never gets there fails on the count below, not on a hang.
      const abort = () => ctl.abort();
      void within(hole.open(SERVICES.length), 20_000, 'seven connections at once').then(abort, abort);
      const ports = Object.fromEntries(SERVICES.map((s) => [s, hole.port]));
      const report = await runProbe({ host: '127.0.0.1', ports, timeoutMs: 30_000 }, undefined, ctl.signal);
      expect(hole.connections()).toMatchObject({ accepted: SERVICES.length, peak: SERVICES.length });
      expect(report.results.map((r) => [r.service, r.stages.find((st) => !st.ok)?.code])).toEqual(SERVICES.map((s) => [s, 'ABORTED']));
    } finally {
      await hole.stop();
    }
  });

  it("one port that never answers: it times out at the run's timeout, the others pass", async () => {
    const hole = await startFault('silent');
    try {
      const timeoutMs = 2500;
      const report = await runProbe({ host: 'localhost', ports: { ...stack.ports, smtp: hole.port }, ca: stack.certs.caPem, timeoutMs });
      const smtp = byService(report.results, 'smtp');
      expect(smtp.stages.find((s) => !s.ok)).toMatchObject({ name: 'greeting', code: 'ETIMEDOUT' });
      expect(deadlineNamed(smtp)).toBeGreaterThanOrEqual(0);
      expect(deadlineNamed(smtp)).toBeLessThanOrEqual(timeoutMs);
      for (const r of report.results.filter((x) => x.service !== 'smtp'))
        expect({ s: r.service, ok: r.ok }).toEqual({ s: r.service, ok: true });
    } finally {
      await hole.stop();
    }
  });

  it('without `ca`, a process started with NODE_EXTRA_CA_CERTS trusts the test CA (how the native host gets it)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'm2kx-'));
    try {
      const outfile = path.join(dir, 'engine.mjs');
      await build({ entryPoints: ['helper/probe/engine.ts'], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' });
      const script = `const { runProbe } = await import(${JSON.stringify(outfile)}); const r = await runProbe({ host: 'localhost', only: ['imaps', 'smtp'], ports: ${JSON.stringify(stack.ports)}, ca: process.env.M2K_TEST_CA || undefined }); console.log(JSON.stringify(r.results.map((x) => [x.service, x.ok, x.tls?.trusted])));`;
      const run = (env: NodeJS.ProcessEnv) =>
        JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, timeout: 30_000 }).toString()) as unknown;
      const { NODE_EXTRA_CA_CERTS: _drop, ...env } = process.env;
      expect(run(env)).toEqual([
        ['imaps', false, false],
        ['smtp', false, false],
      ]);
      expect(run({ ...env, NODE_EXTRA_CA_CERTS: stack.certs.caCert })).toEqual([
        ['imaps', true, true],
        ['smtp', true, true],
      ]);
      // An explicit `ca` (the CLI's --ca) of another CA must not drop the CAs from NODE_EXTRA_CA_CERTS.
      const other = readFileSync(stack.certs.selfSigned.cert, 'utf8');
      expect(run({ ...env, NODE_EXTRA_CA_CERTS: stack.certs.caCert, M2K_TEST_CA: other })).toEqual([
        ['imaps', true, true],
        ['smtp', true, true],
      ]);
      expect(run({ ...env, M2K_TEST_CA: other })).toEqual([
        ['imaps', false, false],
        ['smtp', false, false],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cancelled run ends with ABORTED stages, not at its timeout, and closes its connection', async () => {
    const hole = await startFault('silent');
    try {
      const ctl = new AbortController();
      // Cancelled once the server has the connection: the client is finishing its connect or waiting
      // in the TLS handshake for a server that never answers.
      void within(hole.open(1), 10_000, 'the connection').then(
        () => ctl.abort(),
        () => ctl.abort(),
      );
      const report = await runProbe(
        { host: 'localhost', ports: { pop3s: hole.port }, only: ['pop3s'], timeoutMs: 30_000 },
        undefined,
        ctl.signal,
      );
      const stopped = report.results[0]!.stages.find((s) => !s.ok);
      expect(stopped?.code).toBe('ABORTED');
      expect(['tcp', 'tls']).toContain(stopped?.name);
      await within(hole.allClosed(), 10_000, 'the cancelled run to close its connection');
    } finally {
      await hole.stop();
    }
  });
  it("a caller's own deadline (discovery's) ends the run as a timeout, ETIMEDOUT, not as a cancel", async () => {
    const hole = await startFault('silent');
    try {
      const ctl = new AbortController();
      void within(hole.open(1), 10_000, 'the connection').then(
        () => ctl.abort('deadline'),
        () => ctl.abort('deadline'),
      );
      const report = await runProbe(
        { host: 'localhost', ports: { pop3s: hole.port }, only: ['pop3s'], timeoutMs: 30_000 },
        undefined,
        ctl.signal,
      );
      expect(report.results[0]!.stages.find((s) => !s.ok)?.code).toBe('ETIMEDOUT');
    } finally {
      await hole.stop();
    }
  });
});
