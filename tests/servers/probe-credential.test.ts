/**
 * A line break in the user name must never become a second command on a real server. Dovecot on
 * loopback knows alice's password; a "user name" that smuggles `PASS <her password>` after a CRLF,
 * sent with a wrong password, would log in (and be reported as accepted) if it reached the wire.
 * Checked twice: runProbe refuses such a credential before connecting, and, below every check, the
 * POP3 dialect on a live connection cannot send it either (the connection's last guard).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { CredentialError, runProbe } from '@/helper/probe/engine';
import { Connection } from '@/helper/probe/connection';
import { handshake } from '@/helper/probe/tls';
import { pop3 } from '@/helper/probe/pop3';
import { ProbeError } from '@/helper/probe/errors';
import { now } from '@/helper/probe/deadline';
import { makeTestCerts, type TestCerts } from '../support/mail-servers/certs';
import { startDovecot, TEST_USERS, type RunningDovecot } from '../support/mail-servers/dovecot';

let dir: string;
let certs: TestCerts;
let dovecot: RunningDovecot;
const { user, password } = TEST_USERS.plain;
const smuggled = `${user}\r\nPASS ${password}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'm2k-cred-'));
  certs = makeTestCerts(dir);
  dovecot = await startDovecot({ cert: certs.trusted });
});
afterAll(async () => {
  await dovecot?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Dovecot logs every successful login as `Login: user=<name>`. */
const loginsOf = (name: string) =>
  readFileSync(dovecot.log, 'utf8')
    .split('\n')
    .filter((l) => l.includes(`Login: user=<${name}>`)).length;

describe('a user name with CRLF', () => {
  it('runProbe refuses it with a sentence, before any connection', async () => {
    const before = loginsOf(user);
    const run = runProbe({
      host: '127.0.0.1',
      ports: { pop3s: dovecot.ports.pop3s },
      only: ['pop3s'],
      ca: certs.caPem,
      credential: { user: smuggled, password: 'wrong-password' },
    });
    await expect(run).rejects.toBeInstanceOf(CredentialError);
    await expect(run).rejects.toThrow(/user name contains a control character/);
    expect(loginsOf(user)).toBe(before);
  });

  it('the POP3 dialect on a live TLS connection cannot send it: refused, no login, the session still answers', async () => {
    const before = loginsOf(user);
    const until = now() + 5_000;
    const socket = net.connect({ host: '127.0.0.1', port: dovecot.ports.pop3s });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const out = await handshake(socket, { host: 'localhost', ca: certs.caPem }, until, undefined);
    expect(out.info.trusted).toBe(true);
    const c = new Connection(out.socket, { used: 0, max: 65536 }, undefined, true);
    try {
      expect(await pop3.greeting(c, until)).toMatch(/^\+OK/);
      // No SASL in the capabilities we pass: the USER/PASS path, where the user name is sent as is.
      const attempt = pop3.auth(c, smuggled, 'wrong-password', [], until);
      await expect(attempt).rejects.toBeInstanceOf(ProbeError);
      await expect(attempt).rejects.toMatchObject({ code: 'BAD_COMMAND' });
      // Nothing half-sent: the server is still waiting for its first command.
      expect(await pop3.quit(c, until)).toMatch(/^\+OK/);
    } finally {
      c.close();
    }
    // Give Dovecot's log a moment; a login would have been written before the QUIT answer.
    await new Promise((r) => setTimeout(r, 200));
    expect(loginsOf(user)).toBe(before);
  });

  it('a control check that the log shows logins: the right password logs alice in', async () => {
    const before = loginsOf(user);
    const report = await runProbe({
      host: '127.0.0.1',
      ports: { pop3s: dovecot.ports.pop3s },
      only: ['pop3s'],
      ca: certs.caPem,
      credential: { user, password },
    });
    expect(report.results[0]?.auth).toBe('accepted');
    await new Promise((r) => setTimeout(r, 200));
    expect(loginsOf(user)).toBeGreaterThan(before);
  });
});
