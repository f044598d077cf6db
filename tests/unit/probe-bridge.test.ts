// The background's probe bridge (entrypoints/background/probe-bridge.ts, with the run over the host,
// host-run.ts, and the page port's rules, page-port.ts) with stand-in ports: the cases the
// real helper cannot be made to produce on cue (silence before hello, silence mid-run, a reply that
// is not ours). The real helper end to end: tests/e2e/popup*.test.ts and firefox-native.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeDeps } from '@/entrypoints/background/bridge-deps';
import { classifyDisconnect } from '@/entrypoints/background/host-run';
import { relayProbe, servePagePort } from '@/entrypoints/background/probe-bridge';
import { createRunLimits, CREDENTIAL_TESTS_PER_MINUTE, type RunLimits } from '@/entrypoints/background/run-limits';
import type { HistoryRecord } from '@/utils/history/records';
import { PROBE_PORT_NAME, type BackgroundToPage } from '@/utils/messaging/probe-port';
import { probeFixture } from '../support/probe/fixtures';
import { fakePort } from '../support/port';

const result = probeFixture('all-ok').results[1];

let native: ReturnType<typeof fakePort>;
let saved: HistoryRecord[];
let limits: RunLimits;
let logged: string[];
const deps = (): BridgeDeps => ({
  connectNative: () => native,
  lastErrorMessage: () => undefined,
  saveRun: async (r) => (saved.push(r), saved.length),
  extensionId: 'ext',
  pagesOrigin: 'chrome-extension://ext/',
  limits,
  log: (line) => logged.push(line),
  deadlineMs: 5_000,
  helloTimeoutMs: 1_000,
});

beforeEach(() => {
  vi.useFakeTimers();
  native = fakePort();
  saved = [];
  limits = createRunLimits(() => Date.now());
  logged = [];
});
afterEach(() => vi.useRealTimers());

describe('probe bridge', () => {
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

  it('refuses the probe port to our content script on a web page, with the reason told and logged', () => {
    const content = fakePort(PROBE_PORT_NAME);
    content.sender = { id: 'ext', url: 'https://mail.google.com/mail/u/0/#settings/accounts' };
    let connected = 0;
    servePagePort({ ...deps(), connectNative: () => (connected++, native) }, content);
    content.emit({ type: 'start', host: 'mail.au.edu.tw' });
    expect(content.closed).toBe(true);
    expect(content.sent).toEqual([{ type: 'error', reason: 'bad-request', detail: expect.stringContaining("extension's own pages") }]);
    expect(connected).toBe(0);
    expect(logged.join('\n')).toMatch(/probe port refused \(sender\): https:\/\/mail\.google\.com/);
    // A page of ours whose URL is missing is not ours either.
    const noUrl = fakePort(PROBE_PORT_NAME);
    noUrl.sender = { id: 'ext' };
    servePagePort(deps(), noUrl);
    expect(noUrl.closed).toBe(true);
  });

  it('one probe at a time in this browser: a second start while one runs is answered busy, without a second host', async () => {
    let connected = 0;
    const d = { ...deps(), connectNative: () => (connected++, native) };
    const first = fakePort(PROBE_PORT_NAME);
    servePagePort(d, first);
    first.emit({ type: 'start', host: 'mail.au.edu.tw' });
    const second = fakePort(PROBE_PORT_NAME);
    servePagePort(d, second);
    second.emit({ type: 'start', host: 'mail.au.edu.tw' });
    expect(second.sent).toEqual([{ type: 'error', reason: 'busy', detail: expect.any(String) }]);
    expect(second.closed).toBe(true);
    expect(connected).toBe(1);
    expect(logged.join('\n')).toMatch(/probe refused \(busy\)/);
    // The first page goes away mid-run: the run still ends, and then the slot is free again.
    first.drop();
    native.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
    const id = (native.sent[1] as { id: string }).id;
    native.emit({ type: 'summary', id, host: 'mail.au.edu.tw', ms: 1, ok: true });
    await vi.runAllTimersAsync();
    native = fakePort();
    const third = fakePort(PROBE_PORT_NAME);
    servePagePort(d, third);
    third.emit({ type: 'start', host: 'mail.au.edu.tw' });
    expect(connected).toBe(2);
    expect(third.sent).toEqual([]);
  });

  it(`at most ${CREDENTIAL_TESTS_PER_MINUTE} login tests a minute; past that a clear refusal, and the next minute works again`, async () => {
    let connected = 0;
    const d = { ...deps(), connectNative: () => (connected++, native) };
    const credentialRun = async () => {
      native = fakePort();
      const page = fakePort(PROBE_PORT_NAME);
      servePagePort(d, page);
      page.emit({ type: 'start', host: 'mail.au.edu.tw', only: ['pop3s'], credential: { user: 'alice', password: 'guess' } });
      if (page.closed) return page.sent[0];
      native.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
      const id = (native.sent[1] as { id: string }).id;
      native.emit({ type: 'summary', id, host: 'mail.au.edu.tw', ms: 1, ok: false });
      await vi.runAllTimersAsync();
      return page.sent.at(-1);
    };
    for (let i = 0; i < CREDENTIAL_TESTS_PER_MINUTE; i++) expect(await credentialRun()).toMatchObject({ type: 'summary' });
    expect(await credentialRun()).toEqual({ type: 'error', reason: 'rate-limited', detail: expect.stringMatching(/login tests a minute/) });
    expect(connected).toBe(CREDENTIAL_TESTS_PER_MINUTE);
    // A check without a login is not limited.
    native = fakePort();
    const plain = fakePort(PROBE_PORT_NAME);
    servePagePort(d, plain);
    plain.emit({ type: 'start', host: 'mail.au.edu.tw' });
    expect(plain.closed).toBe(false);
    native.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
    native.emit({ type: 'summary', id: (native.sent[1] as { id: string }).id, host: 'mail.au.edu.tw', ms: 1, ok: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await credentialRun()).toMatchObject({ type: 'summary' });
  });
});
