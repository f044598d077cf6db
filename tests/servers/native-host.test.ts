/**
 * The bundled native messaging host, spawned exactly as a browser spawns it, fed good frames,
 * malformed frames, oversized and truncated frames and random bytes. Checks the answers, the exit
 * codes, that nothing hangs (every wait has a deadline) and that memory stays bounded.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN, GECKO_ID } from '@/contract/ids';
import { MAIL2000_HOST } from '@/contract/mail2000';
import { HelloReplySchema, MAX_REQUEST_BYTES, PROTOCOL_VERSION, type HostReply } from '@/contract/protocol';
import { CREDENTIAL_LIMITS } from '@/contract/limits';
import { ensureBundle, frame, prng, rawFrame, spawnHost, type HostProcess, type SpawnOptions } from '../support/native-host/client';
import { startFault } from '../support/mail-servers/faults';
import { within } from '../support/wait';

let dir: string;
let config: string;
const running: HostProcess[] = [];

beforeAll(() => {
  ensureBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'm2k-host-'));
  config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ version: 1, allow: ['127.0.0.1'], extensionIds: [], addonIds: [] }));
});
afterEach(() => {
  for (const h of running.splice(0)) h.kill();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Chromium's way: the origin as the only argument; the config as install's launcher passes it. */
function host(args: string[] = [CHROME_ORIGIN], env: NodeJS.ProcessEnv = {}, options: SpawnOptions = {}): HostProcess {
  const h = spawnHost(args, { M2K_PROBE_CONFIG: config, ...env }, undefined, options);
  running.push(h);
  return h;
}

/** Heap and Buffer memory held after full collections: garbage waiting for V8 does not count. */
const heldKiB = async (h: HostProcess) => {
  const m = await h.retained();
  return m.heapKiB + m.buffersKiB;
};

const errorOf = (r: HostReply | undefined) => (r?.type === 'error' ? r : undefined);

describe('callers', () => {
  it('answers hello from the pinned Chromium origin with the allow-list', async () => {
    const h = host();
    h.send({ type: 'hello' });
    const [hello] = await h.waitReplies(1);
    expect(HelloReplySchema.parse(hello)).toEqual({
      type: 'hello',
      version: PROTOCOL_VERSION,
      helperVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      allow: [MAIL2000_HOST, '127.0.0.1'],
    });
    h.end();
    expect(await h.exited()).toEqual({ code: 0, signal: null });
  });

  it('answers Firefox (manifest path + add-on id)', async () => {
    const h = host([path.join(dir, 'tw.m2k.probe.json'), GECKO_ID]);
    h.send({ type: 'hello' });
    expect((await h.waitReplies(1))[0]?.type).toBe('hello');
    h.end();
    expect((await h.exited()).code).toBe(0);
  });

  it.each([
    ['another extension', ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/']],
    ['a look-alike origin', [`chrome-extension://${'glhdbabeainlgcckfnoaimglbgcdlhjd'}.evil/`]],
    ['another Firefox add-on', ['/tmp/tw.m2k.probe.json', 'evil@example.com']],
  ])('refuses %s and exits', async (_what, args) => {
    const h = host(args);
    h.send({ type: 'hello' });
    const replies = await h.waitReplies(1);
    expect(errorOf(replies[0])).toMatchObject({
      code: 'not-allowed',
      message: expect.stringContaining('not the Mail2000 Gmail Bridge extension'),
    });
    expect(await h.exited()).toEqual({ code: 1, signal: null });
    expect(h.replies).toHaveLength(1); // the hello was never answered
  });

  it('accepts a development id only when the config names it', async () => {
    const devId = 'b'.repeat(32);
    const devConfig = path.join(dir, 'dev.json');
    writeFileSync(devConfig, JSON.stringify({ version: 1, allow: [], extensionIds: [devId], addonIds: [] }));
    const h = host([`chrome-extension://${devId}/`], { M2K_PROBE_CONFIG: devConfig });
    h.send({ type: 'hello' });
    expect((await h.waitReplies(1))[0]).toMatchObject({ type: 'hello', allow: [MAIL2000_HOST] });
    h.end();
    expect((await h.exited()).code).toBe(0);
  });

  it('falls back to the default allow-list when the config is broken', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"version":1,"allow":["x:0"]}');
    const h = host([CHROME_ORIGIN], { M2K_PROBE_CONFIG: broken });
    h.send({ type: 'hello' });
    expect((await h.waitReplies(1))[0]).toMatchObject({ type: 'hello', allow: [MAIL2000_HOST] });
    h.end();
    await h.exited();
    expect(h.stderr()).toMatch(/invalid .*broken\.json.*default allow-list/);
  });
});

describe('bad input keeps the session when the frame boundary is intact', () => {
  it('answers bad JSON, wrong shapes and empty frames with error frames, then still says hello', async () => {
    const h = host();
    const bad: Buffer[] = [
      rawFrame(Buffer.from('{not json')),
      rawFrame(Buffer.alloc(0)),
      rawFrame(Buffer.from([0xff, 0xfe, 0x00, 0x80])),
      frame(null),
      frame('hello'),
      frame([]),
      frame({ type: 'goodbye' }),
      frame({ type: 'probe', id: 'p1' }),
      frame({ type: 'probe', id: 'p2', host: 'mail.au.edu.tw', ports: { pop3: 0 } }),
      frame({ type: 'probe', id: 'p3', host: 'mail.au.edu.tw', timeoutMs: 1 }),
      frame({ type: 'probe', id: 'p4', host: 'no spaces allowed' }),
      frame({ type: 'probe', id: 'p5', host: MAIL2000_HOST, credential: { user: 'u', password: 'TOPSECRET-pw' }, only: ['telnet'] }),
      // A misspelled key is refused, not probed with the default ports (loopback, so a lax schema meets the allow-list instead).
      frame({ type: 'probe', id: 'p6', host: '127.0.0.1', port: { pop3: 10110 } }),
      frame({ type: 'hello', extra: 1 }),
    ];
    for (const b of bad) h.write(b);
    h.send({ type: 'hello' });
    const replies = await h.waitReplies(bad.length + 1);
    expect(replies.slice(0, 3).map((r) => errorOf(r)?.code)).toEqual(['bad-json', 'bad-json', 'bad-json']);
    expect(replies.slice(3, bad.length).map((r) => errorOf(r)?.code)).toEqual(Array(bad.length - 3).fill('bad-request'));
    expect(replies.slice(7, bad.length).map((r) => errorOf(r)?.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', undefined]);
    expect(replies[bad.length]?.type).toBe('hello');
    expect(h.stdoutBytes().includes('TOPSECRET')).toBe(false);
    h.end();
    expect((await h.exited()).code).toBe(0);
    expect(h.stderr().includes('TOPSECRET')).toBe(false);
  });

  it('accepts a frame of exactly the maximum size', async () => {
    const h = host();
    const head = '{"type":"hello","pad":"';
    const body = Buffer.from(head + 'x'.repeat(MAX_REQUEST_BYTES - head.length - 2) + '"}');
    expect(body.length).toBe(MAX_REQUEST_BYTES);
    h.write(rawFrame(body));
    h.send({ type: 'hello' });
    // Read whole and judged by the schema (requests are strict, so the padding is refused), not
    // refused by the framing as too large; the session goes on.
    const replies = await h.waitReplies(2);
    expect(errorOf(replies[0])?.code).toBe('bad-request');
    expect(replies[1]?.type).toBe('hello');
    h.end();
    expect((await h.exited()).code).toBe(0);
  });
});

describe('a broken stream ends the session with an error frame', () => {
  it.each([
    ['a 4 GiB length prefix', Buffer.from([0xff, 0xff, 0xff, 0xff])],
    ['one byte over the limit', rawFrame(Buffer.alloc(100, 0x20), MAX_REQUEST_BYTES + 1)],
    ['2 GiB announced, little sent', rawFrame(Buffer.from('{"type":"hello"}'), 0x80000000)],
  ])('%s: too-large, exit 1 without waiting for the bytes', async (_what, bytes) => {
    const h = host();
    h.send({ type: 'hello' });
    h.write(bytes);
    const replies = await h.waitReplies(2, 5000);
    expect(replies[0]?.type).toBe('hello');
    expect(errorOf(replies[1])).toMatchObject({ code: 'too-large' });
    expect(await h.exited(5000)).toEqual({ code: 1, signal: null }); // stdin still open: it did not wait
  });

  it('a truncated frame at end of input: error frame, exit 1', async () => {
    const h = host();
    h.write(rawFrame(Buffer.from('{"type":"hel'), 100));
    h.end();
    expect(await h.exited(5000)).toEqual({ code: 1, signal: null });
    expect(errorOf(h.replies[0])).toMatchObject({ code: 'bad-request', message: expect.stringContaining('truncated') });
  });

  it('a truncated length prefix at end of input: error frame, exit 1', async () => {
    const h = host();
    h.write(Buffer.from([5, 0]));
    h.end();
    expect(await h.exited(5000)).toEqual({ code: 1, signal: null });
    expect(errorOf(h.replies[0])?.code).toBe('bad-request');
  });

  it('end of input with nothing sent: clean exit 0', async () => {
    const h = host();
    h.end();
    expect(await h.exited(5000)).toEqual({ code: 0, signal: null });
    expect(h.replies).toEqual([]);
  });
});

describe('allow-list: not a port scanner', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses hosts off the list, and ports that are neither mail ports nor named, before connecting', async () => {
    const h = host();
    h.send({ type: 'probe', id: 'host', host: 'example.com', only: ['pop3'] });
    h.send({ type: 'probe', id: 'ip', host: '127.0.0.2', only: ['pop3'] });
    h.send({ type: 'probe', id: 'port', host: '127.0.0.1', ports: { pop3: port }, only: ['pop3'] });
    h.send({ type: 'probe', id: 'ssh', host: MAIL2000_HOST, ports: { imap: 22 } });
    const replies = await h.waitReplies(4);
    expect(replies.map((r) => [errorOf(r)?.id, errorOf(r)?.code])).toEqual([
      ['host', 'not-allowed'],
      ['ip', 'not-allowed'],
      ['port', 'not-allowed'],
      ['ssh', 'not-allowed'],
    ]);
    expect(errorOf(replies[2])?.message).toContain(`install --allow 127.0.0.1:${port}`);
    h.end();
    expect((await h.exited()).code).toBe(0);
    expect(connections).toBe(0);
  });

  it('probes a port named for the host in the config (and only then connects)', async () => {
    const named = path.join(dir, `named-${port}.json`);
    writeFileSync(named, JSON.stringify({ version: 1, allow: [`127.0.0.1:${port}`] }));
    const h = host([CHROME_ORIGIN], { M2K_PROBE_CONFIG: named });
    h.send({ type: 'probe', id: 'ok', host: '127.0.0.1', ports: { pop3: port }, only: ['pop3'], timeoutMs: 3000 });
    const replies = await h.waitReplies(2, 10_000);
    expect(replies[0]).toMatchObject({ type: 'result', id: 'ok', result: { service: 'pop3', port, ok: false } });
    expect(replies[1]).toMatchObject({ type: 'summary', id: 'ok', host: '127.0.0.1', ok: false });
    expect(connections).toBe(1);
    h.end();
    expect((await h.exited()).code).toBe(0);
  });

  it('a credential with a control character in the user name, or CR/LF/NUL in the password, is refused in a sentence before connecting', async () => {
    const named = path.join(dir, `cred-${port}.json`);
    writeFileSync(named, JSON.stringify({ version: 1, allow: [`127.0.0.1:${port}`] }));
    const before = connections;
    const h = host([CHROME_ORIGIN], { M2K_PROBE_CONFIG: named });
    const probe = (id: string, user: string, password: string) =>
      h.send({
        type: 'probe',
        id,
        host: '127.0.0.1',
        ports: { pop3: port },
        only: ['pop3'],
        timeoutMs: 3000,
        credential: { user, password },
      });
    probe('crlf-user', 'alice\r\nDELE 1', 'pw');
    probe('tab-user', 'al\tice', 'pw');
    probe('nul-password', 'alice', 'p\u0000w');
    probe('lf-password', 'alice', 'pw\nQUIT');
    probe('long-password', 'alice', 'p'.repeat(CREDENTIAL_LIMITS.password + 1));
    const replies = await h.waitReplies(5);
    expect(replies.map((r) => [errorOf(r)?.id, errorOf(r)?.code])).toEqual([
      ['crlf-user', 'bad-request'],
      ['tab-user', 'bad-request'],
      ['nul-password', 'bad-request'],
      ['lf-password', 'bad-request'],
      ['long-password', 'bad-request'],
    ]);
    expect(errorOf(replies[0])?.message).toBe(
      'invalid request at credential.user: the user name contains a control character (such as a line break or tab); type it again without one',
    );
    expect(errorOf(replies[2])?.message).toMatch(/^invalid request at credential\.password: the password contains a line break or NUL/);
    expect(errorOf(replies[4])?.message).toMatch(/^invalid request at credential\.password: /);
    for (const r of replies) expect(JSON.stringify(r)).not.toMatch(/DELE|QUIT|pppp/);
    h.end();
    expect((await h.exited()).code).toBe(0);
    expect(connections).toBe(before);
  });
});

describe('the browser goes away during a probe', () => {
  it('pipes closed (port.disconnect): the running probe is aborted, the host exits at once, not at the probe timeout', async () => {
    const silent = await startFault('silent');
    try {
      const cfg = path.join(dir, 'silent.json');
      writeFileSync(cfg, JSON.stringify({ version: 1, allow: [`127.0.0.1:${silent.port}`] }));
      const h = host([CHROME_ORIGIN], { M2K_PROBE_CONFIG: cfg });
      h.send({ type: 'hello' });
      await h.waitReplies(1);
      h.send({ type: 'probe', id: 'long', host: '127.0.0.1', ports: { pop3: silent.port }, only: ['pop3'], timeoutMs: 60_000 });
      await within(silent.open(1), 10_000, 'the probe to connect'); // waiting for a greeting that never comes
      h.proc.stdout.destroy(); // what Chrome does on port.disconnect(): our end of the pipe closes
      h.end();
      // The probe's timeout is a minute: a host that exits at all within this bound did not wait for it,
      // and the silent server sees the probe's connection closed.
      const { code } = await h.exited(10_000);
      expect(code === 0 || code === 1).toBe(true);
      await within(silent.allClosed(), 10_000, 'the aborted probe to close its connection');
    } finally {
      await silent.stop();
    }
  }, 30_000);
});

describe('fuzz', () => {
  const SEED = Number(process.env.M2K_FUZZ_SEED ?? 20261126);
  const CASES = 200;

  /** Random bodies behind correct length prefixes: every frame must get exactly one answer. */
  it(`${CASES} random and mutated frames in one session: one error-or-reply each, bounded memory (seed ${SEED})`, async () => {
    const rnd = prng(SEED);
    const int = (n: number) => Math.floor(rnd() * n);
    // No allowed host in the corpus: a mutation that drops a key (zod strips unknown keys) must
    // not turn into a real probe of an outside server. Here only the Mail2000 host is allowed.
    const valid = [
      { type: 'hello' },
      { type: 'probe', id: 'x', host: 'example.org', only: ['pop3'] },
      { type: 'probe', id: 'y', host: '127.0.0.1', ports: { pop3: 1 } },
    ];
    const onlyDefault = path.join(dir, 'default.json');
    writeFileSync(onlyDefault, JSON.stringify({ version: 1 }));
    const h = host([CHROME_ORIGIN], { M2K_PROBE_CONFIG: onlyDefault }, { retainedMemory: true });
    const before = await (async () => {
      h.send({ type: 'hello' });
      await h.waitReplies(1);
      return heldKiB(h);
    })();
    for (let i = 0; i < CASES; i++) {
      let body: Buffer;
      const kind = int(3);
      if (kind === 0) body = Buffer.from(Array.from({ length: int(3000) }, () => int(256)));
      else {
        body = Buffer.from(JSON.stringify(valid[int(valid.length)]));
        for (let m = 1 + int(4); m > 0; m--) {
          const at = int(body.length);
          if (kind === 1)
            body[at] = int(256); // flip a byte
          else
            body = Buffer.concat([
              body.subarray(0, at),
              Buffer.from(String.fromCharCode(32 + int(95)).repeat(1 + int(5))),
              body.subarray(at),
            ]);
        }
      }
      h.write(rawFrame(body));
    }
    const replies = await h.waitReplies(1 + CASES, 30_000);
    await new Promise((r) => setTimeout(r, 200)); // nothing more may come: one answer per frame
    expect(h.replies).toHaveLength(1 + CASES);
    for (const r of replies.slice(1)) {
      // A mutation can leave a valid hello or a refused probe; nothing may ever start a probe off the list.
      expect(['hello', 'error']).toContain(r.type);
      if (r.type === 'error') expect(['bad-json', 'bad-request', 'not-allowed']).toContain(r.code);
    }
    const after = await heldKiB(h);
    h.end();
    expect((await h.exited()).code).toBe(0);
    expect(after - before).toBeLessThan(8 * 1024);
  }, 60_000);

  /** Raw random bytes from the first byte: the host must end with error frames only, promptly. */
  it('20 sessions of raw random bytes: only valid frames out, exit 0 or 1, no hang', async () => {
    const rnd = prng(SEED + 1);
    for (let i = 0; i < 20; i++) {
      const h = host();
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 4000) }, () => Math.floor(rnd() * 256)));
      // Small length prefixes make the random bytes frames of their own now and then.
      if (i % 4 === 0) bytes.writeUInt32LE(Math.floor(rnd() * 64), 0);
      h.write(bytes);
      h.end();
      const { code, signal } = await h.exited(5000);
      expect({ i, code, signal }).toEqual({ i, code: expect.toSatisfy((c: number) => c === 0 || c === 1), signal: null });
      for (const r of h.replies) expect(r.type).toBe('error');
    }
  }, 60_000);

  /** Five hundred frames, then two thousand five hundred more; what the host holds afterwards, in KiB. */
  const heldAfterBigFrames = async (env: NodeJS.ProcessEnv = {}) => {
    const h = host([CHROME_ORIGIN], env, { retainedMemory: true });
    h.send({ type: 'hello' });
    await h.waitReplies(1);
    const base = await heldKiB(h);
    const big = rawFrame(Buffer.alloc(MAX_REQUEST_BYTES, 0x41));
    const round = async (n: number, total: number) => {
      for (let i = 0; i < n; i++) h.write(big);
      const replies = await h.waitReplies(total, 30_000);
      expect(new Set(replies.slice(1).map((r) => errorOf(r)?.code))).toEqual(new Set(['bad-json']));
      return heldKiB(h);
    };
    const first = await round(500, 501); // 31 MiB through the pipe
    const second = await round(2500, 3001); // 156 MiB more
    h.end();
    expect((await h.exited()).code).toBe(0);
    return { base, first, second };
  };

  it('maximum-size bad frames by the hundred: answered one by one, memory does not grow with the volume', async () => {
    const { base, first, second } = await heldAfterBigFrames();
    // After full collections only what the host keeps is left: frames it held would be the whole
    // volume (31 MiB, then 156 MiB more), a bounded reader holds at most one frame (64 KiB).
    expect(first - base).toBeLessThan(4 * 1024);
    expect(second - first).toBeLessThan(4 * 1024);
  }, 60_000);

  it('the same measurement catches a host that keeps what it reads', async () => {
    const { base, second } = await heldAfterBigFrames({ M2K_TEST_KEEP_INPUT: '1' });
    expect(second - base).toBeGreaterThan(150 * 1024);
  }, 60_000);
});
