// The pause between discoveries lives in the background, in storage.session, across native host
// processes and across restarts of the background: with stand-in ports and storage here; in real
// Chromium through the options page: tests/e2e/options-discover.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDiscoveryPacing, DISCOVERY_PACING_KEY } from '@/entrypoints/background/discover-pacing';
import { serveDiscoverPort } from '@/entrypoints/background/discover-bridge';
import { createRunLimits } from '@/entrypoints/background/run-limits';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import { DISCOVER_PORT_NAME } from '@/utils/messaging/discover-port';
import { fakePort, type FakePort } from '../support/port';
import { memoryArea } from '../support/storage';

const PAUSE = DISCOVERY_LIMITS.minIntervalMs;

describe('createDiscoveryPacing', () => {
  it('admits one, then nothing until a pause after its end; the wait is said', async () => {
    let t = 1_000_000;
    const area = memoryArea();
    const p = createDiscoveryPacing(area, () => t);
    expect(await p.admit()).toBeNull();
    t += 30_000;
    await p.ended();
    t += 500;
    expect(await p.admit()).toEqual({
      reason: 'rate-limited',
      detail: `one discovery every ${PAUSE} ms; the next one in ${PAUSE - 500} ms`,
      retryAfterMs: PAUSE - 500,
    });
    t += PAUSE - 500;
    expect(await p.admit()).toBeNull();
  });

  it('is kept in the storage area, so a restarted background (a new pacing over the same area) keeps the pause', async () => {
    let t = 5_000_000;
    const area = memoryArea();
    await createDiscoveryPacing(area, () => t).admit();
    await createDiscoveryPacing(area, () => t).ended();
    t += 100;
    expect(await createDiscoveryPacing(area, () => t).admit()).toMatchObject({ reason: 'rate-limited', retryAfterMs: PAUSE - 100 });
    expect(area.data.get(DISCOVERY_PACING_KEY)).toEqual({ startedAt: 5_000_000, endedAt: 5_000_000 });
  });

  it('a run whose end was never recorded counts from its start; a clock set back waits one pause at most', async () => {
    let t = 9_000_000;
    const area = memoryArea();
    const p = createDiscoveryPacing(area, () => t);
    await p.admit();
    t += PAUSE;
    expect(await p.admit()).toBeNull();
    t -= 3_600_000;
    expect(await p.admit()).toMatchObject({ retryAfterMs: PAUSE });
  });
});

describe('serveDiscoverPort with the pause', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a second discovery right after the first is refused with how long to wait, before any helper is started', async () => {
    const area = memoryArea();
    const natives: FakePort[] = [];
    const logged: string[] = [];
    const deps = {
      connectNative: () => {
        natives.push(fakePort());
        return natives.at(-1)!;
      },
      lastErrorMessage: () => undefined,
      extensionId: 'ext',
      pagesOrigin: 'chrome-extension://ext/',
      limits: createRunLimits(),
      pacing: createDiscoveryPacing(area),
      log: (l: string) => logged.push(l),
    };
    const page1 = fakePort(DISCOVER_PORT_NAME, 'chrome-extension://ext/options.html');
    serveDiscoverPort(deps, page1);
    page1.emit({ type: 'start', domain: 'school.test' });
    await vi.advanceTimersByTimeAsync(0);
    expect(natives).toHaveLength(1);
    natives[0]!.emit({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] });
    const id = (natives[0]!.sent[1] as { id: string }).id;
    natives[0]!.emit({ type: 'discovered', id, report: { domain: 'school.test', ms: 5, timeoutMs: 15_000, candidates: [], choices: [] } });
    await vi.advanceTimersByTimeAsync(0);
    expect((page1.sent.at(-1) as { type: string }).type).toBe('discovered');
    // The end is recorded before the page hears it.
    expect(area.data.get(DISCOVERY_PACING_KEY)).toMatchObject({ endedAt: expect.any(Number) });

    await vi.advanceTimersByTimeAsync(300);
    const page2 = fakePort(DISCOVER_PORT_NAME, 'chrome-extension://ext/options.html');
    serveDiscoverPort(deps, page2);
    page2.emit({ type: 'start', domain: 'school.test' });
    await vi.advanceTimersByTimeAsync(0);
    expect(page2.sent).toEqual([
      {
        type: 'error',
        reason: 'rate-limited',
        detail: `one discovery every ${PAUSE} ms; the next one in ${PAUSE - 300} ms`,
        retryAfterMs: PAUSE - 300,
      },
    ]);
    expect(page2.closed).toBe(true);
    expect(natives).toHaveLength(1);
    expect(logged.at(-1)).toMatch(/discover refused \(rate-limited\)/);

    // After the pause, and with the run slot given back, the next one starts.
    await vi.advanceTimersByTimeAsync(PAUSE);
    const page3 = fakePort(DISCOVER_PORT_NAME, 'chrome-extension://ext/options.html');
    serveDiscoverPort(deps, page3);
    page3.emit({ type: 'start', domain: 'school.test' });
    await vi.advanceTimersByTimeAsync(0);
    expect(natives).toHaveLength(2);
  });

  it('a discovery that found no helper (nothing was looked up) leaves no pause: asked again at once, it starts', async () => {
    const area = memoryArea();
    const natives: FakePort[] = [];
    let hostError: string | undefined = 'Specified native messaging host not found.';
    const deps = {
      connectNative: () => {
        natives.push(fakePort());
        return natives.at(-1)!;
      },
      lastErrorMessage: () => hostError,
      extensionId: 'ext',
      pagesOrigin: 'chrome-extension://ext/',
      limits: createRunLimits(),
      pacing: createDiscoveryPacing(area),
    };
    const page1 = fakePort(DISCOVER_PORT_NAME, 'chrome-extension://ext/options.html');
    serveDiscoverPort(deps, page1);
    page1.emit({ type: 'start', domain: 'school.test' });
    await vi.advanceTimersByTimeAsync(0);
    natives[0]!.drop(hostError);
    await vi.advanceTimersByTimeAsync(0);
    expect(page1.sent.at(-1)).toMatchObject({ type: 'helper-missing', reason: 'not-installed' });
    expect(area.data.get(DISCOVERY_PACING_KEY)).toEqual({});

    // The person installs the helper and asks again straight away.
    hostError = undefined;
    await vi.advanceTimersByTimeAsync(100);
    const page2 = fakePort(DISCOVER_PORT_NAME, 'chrome-extension://ext/options.html');
    serveDiscoverPort(deps, page2);
    page2.emit({ type: 'start', domain: 'school.test' });
    await vi.advanceTimersByTimeAsync(0);
    expect(natives).toHaveLength(2);
    expect(page2.sent.find((m) => (m as { reason?: string }).reason === 'rate-limited')).toBeUndefined();
  });
});
