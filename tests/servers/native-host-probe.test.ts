/**
 * A probe through the bundled native host against real Dovecot and Postfix on loopback, allowed
 * through the host's config exactly as `install --allow localhost:PORT+...` writes it. The
 * throw-away CA is trusted through NODE_EXTRA_CA_CERTS in the host's environment, as a browser
 * started with that variable passes it on to the host.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN } from '@/contract/ids';
import { SERVICES } from '@/contract/mail2000';
import type { HostReply } from '@/contract/protocol';
import { sharedMailStack } from '../support/mail-servers/shared';
import { TEST_USERS } from '../support/mail-servers/dovecot';
import { ensureBundle, spawnHost, type HostProcess } from '../support/native-host/client';

const stack = sharedMailStack();
let dir: string;
let config: string;
const running: HostProcess[] = [];

beforeAll(async () => {
  ensureBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'm2k-hostprobe-'));
  config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ version: 1, allow: [`localhost:${Object.values(stack.ports).join('+')}`] }));
});
afterEach(() => {
  for (const h of running.splice(0)) h.kill();
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function host(env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: stack.certs.caCert }): HostProcess {
  const h = spawnHost([CHROME_ORIGIN], { M2K_PROBE_CONFIG: config, ...env });
  running.push(h);
  return h;
}

const results = (rs: HostReply[]) => rs.flatMap((r) => (r.type === 'result' ? [r] : []));

describe('probe through the native host', () => {
  it('streams one result per service, then the summary; the CA is trusted through NODE_EXTRA_CA_CERTS', async () => {
    const h = host();
    h.send({ type: 'probe', id: 'run-1', host: 'localhost', ports: stack.ports, timeoutMs: 15_000 });
    const replies = await h.waitReplies(SERVICES.length + 1, 30_000);
    expect(replies.slice(0, -1).every((r) => r.type === 'result' && r.id === 'run-1')).toBe(true);
    expect(
      results(replies)
        .map((r) => r.result.service)
        .sort(),
    ).toEqual([...SERVICES].sort());
    for (const { result: r } of results(replies)) {
      expect({ service: r.service, ok: r.ok, port: r.port, failed: r.stages.filter((s) => !s.ok) }).toEqual({
        service: r.service,
        ok: true,
        port: stack.ports[r.service],
        failed: [],
      });
      expect(r.tls).toMatchObject({ trusted: true, nameMatches: true });
    }
    expect(replies.at(-1)).toMatchObject({ type: 'summary', id: 'run-1', host: 'localhost', ok: true });
    h.end();
    expect((await h.exited()).code).toBe(0);
  }, 60_000);

  it('without the CA in its environment the same certificates are not trusted', async () => {
    const h = host({ NODE_EXTRA_CA_CERTS: '' });
    h.send({ type: 'probe', id: 'untrusted', host: 'localhost', ports: stack.ports, only: ['pop3s', 'imaps'], timeoutMs: 10_000 });
    const replies = await h.waitReplies(3, 30_000);
    for (const { result: r } of results(replies)) {
      expect(r.ok).toBe(false);
      expect(r.tls?.trusted).toBe(false);
    }
    expect(replies.at(-1)).toMatchObject({ type: 'summary', ok: false });
    h.end();
    await h.exited();
  }, 60_000);

  it('a login test: accepted with the right password, rejected with a wrong one, the password never echoed', async () => {
    const h = host();
    const { user, password } = TEST_USERS.plain;
    h.send({ type: 'probe', id: 'good', host: 'localhost', ports: stack.ports, only: ['pop3s', 'imaps'], credential: { user, password } });
    const good = await h.waitReplies(3, 30_000);
    expect(results(good).map((r) => r.result.auth)).toEqual(['accepted', 'accepted']);
    const wrong = 'Wrong-Pass-999!';
    h.send({ type: 'probe', id: 'bad', host: 'localhost', ports: stack.ports, only: ['pop3s'], credential: { user, password: wrong } });
    const all = await h.waitReplies(5, 30_000);
    expect(results(all.slice(3))[0]?.result).toMatchObject({ auth: 'rejected', ok: false });
    h.end();
    expect((await h.exited()).code).toBe(0);
    for (const secret of [password, wrong]) {
      expect(h.stdoutBytes().includes(secret)).toBe(false);
      expect(h.stderr().includes(secret)).toBe(false);
    }
  }, 60_000);

  it('one probe at a time: a second request while one runs is answered busy', async () => {
    const h = host();
    h.send({ type: 'probe', id: 'first', host: 'localhost', ports: stack.ports, only: ['imaps'] });
    h.send({ type: 'probe', id: 'second', host: 'localhost', ports: stack.ports, only: ['pop3s'] });
    const replies = await h.waitReplies(3, 30_000);
    expect(replies.find((r) => r.type === 'error')).toMatchObject({ id: 'second', code: 'busy' });
    expect(replies.filter((r) => r.type !== 'error').map((r) => [r.type, 'id' in r ? r.id : ''])).toEqual([
      ['result', 'first'],
      ['summary', 'first'],
    ]);
    h.end();
    await h.exited();
  }, 60_000);

  it('input closed during a probe (the browser disconnected): the probe is abandoned, exit 0', async () => {
    const h = host();
    h.send({ type: 'probe', id: 'gone', host: 'localhost', ports: stack.ports, only: ['pop3', 'smtp'] });
    h.end();
    expect(await h.exited(10_000)).toEqual({ code: 0, signal: null });
    // At most an answer that was already on its way, and never a summary claiming success.
    expect(h.replies.some((r) => r.type === 'summary' && r.ok)).toBe(false);
  }, 60_000);

  it('a named port for another host does not open it for this one', async () => {
    const h = host();
    h.send({ type: 'probe', id: 'ip', host: '127.0.0.1', ports: stack.ports, only: ['pop3'] });
    const [r] = await h.waitReplies(1);
    expect(r).toMatchObject({ type: 'error', id: 'ip', code: 'not-allowed' });
    h.end();
    await h.exited();
  });
});
