// The background's run logic (utils/background/native-bridge.ts) with stand-in ports: the cases the
// real helper cannot be made to produce on cue (silence before hello, silence mid-run, a reply that
// is not ours). The real helper end to end: tests/e2e/popup*.test.ts and firefox-native.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { classifyDisconnect, relayProbe, servePagePort, type BridgeDeps, type PortLike } from '@/entrypoints/background/native-bridge';
import type { HistoryRecord } from '@/utils/history/store';
import { PROBE_PORT_NAME, type BackgroundToPage } from '@/utils/messaging/probe-port';

const result = JSON.parse(readFileSync(new URL('../fixtures/probe/all-ok.json', import.meta.url), 'utf8')).results[1];

/** A port whose other end is the test: `sent` is what our code posted, `emit`/`drop` act as the peer. */
const fakePort = (name = 'native') => {
  const msgs: Array<(m: unknown) => void> = [];
  const discs: Array<(p: PortLike) => void> = [];
  const port: PortLike & { sent: unknown[]; emit(m: unknown): void; drop(error?: string): void; closed: boolean } = {
    name,
    sent: [],
    closed: false,
    error: null,
    sender: { id: 'ext' },
    postMessage(m) {
      this.sent.push(structuredClone(m));
    },
    disconnect() {
      this.closed = true;
    },
    onMessage: { addListener: (cb) => msgs.push(cb) },
    onDisconnect: { addListener: (cb) => discs.push(cb) },
    emit: (m) => msgs.forEach((cb) => cb(m)),
    drop(error) {
      this.error = error ? { message: error } : null;
      discs.forEach((cb) => cb(port));
    },
  };
  return port;
};

let native: ReturnType<typeof fakePort>;
let saved: HistoryRecord[];
const deps = (): BridgeDeps => ({
  connectNative: () => native,
  lastErrorMessage: () => undefined,
  saveRun: async (r) => (saved.push(r), saved.length),
  extensionId: 'ext',
  deadlineMs: 5_000,
  helloTimeoutMs: 1_000,
});

beforeEach(() => {
  vi.useFakeTimers();
  native = fakePort();
  saved = [];
});
afterEach(() => vi.useRealTimers());

describe('native bridge', () => {
  it('hello, then the one request (with the credential), results relayed, summary after the run is stored without the password', async () => {
    const out: BackgroundToPage[] = [];
    relayProbe(deps(), { type: 'start', host: 'mail.au.edu.tw', credential: { user: 'alice', password: 'S3cret!x' } }, (m) => out.push(m));
    expect(native.sent).toEqual([{ type: 'hello' }]);
    native.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
    const req = native.sent[1] as { type: string; id: string; credential: unknown };
    expect(req).toMatchObject({ type: 'probe', host: 'mail.au.edu.tw', credential: { user: 'alice', password: 'S3cret!x' } });
    native.emit({ type: 'result', id: 'someone-else', result });
    native.emit({ type: 'result', id: req.id, result: { ...result, auth: 'accepted' } });
    native.emit({ type: 'summary', id: req.id, host: 'mail.au.edu.tw', ms: 200, ok: true });
    await vi.runAllTimersAsync();
    expect(out.map((m) => m.type)).toEqual(['started', 'result', 'summary']);
    expect(out[2]).toMatchObject({ type: 'summary', ok: true, historyId: 1 });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ kind: 'probe', credentialTested: true });
    expect(JSON.stringify(saved)).not.toContain('S3cret!x');
    expect(native.closed).toBe(true);
  });

  it('no hello in time: helper missing, never a spinner', async () => {
    const out: BackgroundToPage[] = [];
    relayProbe(deps(), { type: 'start', host: 'h.example' }, (m) => out.push(m));
    await vi.advanceTimersByTimeAsync(1_001);
    expect(out).toEqual([{ type: 'helper-missing', reason: 'not-installed', detail: 'no hello from the helper' }]);
  });

  it('silence after hello: a timeout error at the deadline, exactly one final message', async () => {
    const out: BackgroundToPage[] = [];
    relayProbe(deps(), { type: 'start', host: 'h.example' }, (m) => out.push(m));
    native.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
    await vi.advanceTimersByTimeAsync(5_001);
    native.drop('Native host has exited.');
    expect(out.map((m) => m.type)).toEqual(['started', 'error']);
    expect(out[1]).toMatchObject({ reason: 'timeout' });
  });

  it('maps how the browser and the helper say no', () => {
    expect(classifyDisconnect('Specified native messaging host not found.')).toBe('not-installed');
    expect(classifyDisconnect('No such native application tw.m2k.probe')).toBe('not-installed');
    expect(classifyDisconnect('Access to the specified native messaging host is forbidden.')).toBe('forbidden');
    expect(classifyDisconnect('This extension does not have permission to use native application tw.m2k.probe')).toBe('forbidden');
    const out: BackgroundToPage[] = [];
    relayProbe(deps(), { type: 'start', host: 'h.example' }, (m) => out.push(m));
    native.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
    native.emit({ type: 'error', id: 'x', code: 'not-allowed', message: 'h.example is not on the allow-list' });
    expect(out[1]).toMatchObject({ type: 'helper-missing', reason: 'host-not-allowed' });
  });

  it('a reply that is not the protocol ends the run as bad-reply', () => {
    const out: BackgroundToPage[] = [];
    relayProbe(deps(), { type: 'start', host: 'h.example' }, (m) => out.push(m));
    native.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
    native.emit({ type: 'result', id: 'x', result: { service: 'gopher' } });
    expect(out[1]).toMatchObject({ type: 'error', reason: 'bad-reply' });
  });

  it('serves only our own pages, and refuses a start that fails the schema', () => {
    const other = fakePort(PROBE_PORT_NAME);
    other.sender = { id: 'another-extension' };
    servePagePort(deps(), other);
    expect(other.closed).toBe(true);
    const page = fakePort(PROBE_PORT_NAME);
    servePagePort(deps(), page);
    page.emit({ type: 'start', host: 'not a host!' });
    expect(page.sent[0]).toMatchObject({ type: 'error', reason: 'bad-request' });
    expect(native.sent).toEqual([]);
  });
});
