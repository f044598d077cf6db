// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/#inbox"}
// The content script entry off and on the settings route: off it, nothing but two listeners —
// no MutationObserver, no timer. The browser API is replaced here (no extension runs in unit
// tests); the real thing is covered by tests/e2e/panel.test.ts and the idle benchmark.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn(async (m: { type: string }) => (m.type === 'profile:get' ? null : { ok: true }));
// The content script reaches the background through the browser's own `chrome.runtime` (utils/messaging/runtime.ts).
(globalThis as unknown as { chrome: unknown }).chrome = { runtime: { sendMessage } };

interface Entry {
  main(ctx: { signal: AbortSignal }): void;
}
(globalThis as unknown as { defineContentScript: (x: Entry) => Entry }).defineContentScript = (x) => x;

const counts = { observers: 0, timeouts: 0, intervals: 0 };
const RealMO = globalThis.MutationObserver;
const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;

beforeEach(() => {
  counts.observers = counts.timeouts = counts.intervals = 0;
  globalThis.MutationObserver = class extends RealMO {
    constructor(cb: MutationCallback) {
      super(cb);
      counts.observers++;
    }
  };
  window.MutationObserver = globalThis.MutationObserver;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    counts.timeouts++;
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
    counts.intervals++;
    return realSetInterval(fn, ms);
  }) as typeof setInterval);
});
afterEach(() => {
  vi.restoreAllMocks();
  globalThis.MutationObserver = RealMO;
  window.MutationObserver = RealMO;
});

const settle = () => new Promise((r) => realSetTimeout(r, 20));

describe('gmail content script entry', () => {
  it('marks the page, stays idle off the settings route, runs the panel only on it, and stops with ctx', async () => {
    expect(location.href).toBe('https://mail.google.com/mail/u/0/#inbox');
    document.body.replaceChildren();
    const { default: entry } = (await import('@/entrypoints/gmail.content')) as unknown as { default: Entry };
    const ac = new AbortController();
    entry.main({ signal: ac.signal });
    await settle();
    expect(document.documentElement.dataset.m2kLoaded).toBe('1');
    expect(counts).toEqual({ observers: 0, timeouts: 0, intervals: 0 });
    expect(sendMessage).not.toHaveBeenCalled();

    window.location.hash = '#settings/general';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(counts).toEqual({ observers: 0, timeouts: 0, intervals: 0 });

    window.location.hash = '#settings/accounts';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(counts.observers).toBe(1);
    expect(sendMessage).toHaveBeenCalledWith({ type: 'profile:get' });

    ac.abort();
    const calls = sendMessage.mock.calls.length;
    window.location.hash = '#settings/accounts';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(sendMessage.mock.calls.length).toBe(calls);
    expect(document.querySelector('[data-m2k-panel-host]')).toBeNull();
  });
});
