// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/#inbox"}
// The content script entry off and on the settings route: off it, nothing but two listeners —
// no MutationObserver, no timer, and the settings code (gmail-settings.js) not loaded. The browser
// API is replaced here (no extension runs in unit tests): runtime.getURL names the settings
// entrypoint's source, which the real loader imports; the real thing is covered by
// tests/e2e/panel.test.ts and the idle benchmark.
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';

const sendMessage = vi.fn(async (m: { type: string }) => (m.type === 'profile:get' ? null : { ok: true }));
const chunkSource = resolve('entrypoints/gmail-settings/index.ts');
const getURL = vi.fn((path: string) => (path === '/gmail-settings.js' ? chunkSource : `/nothing${path}`));
// The content script reaches the background through `wxt/browser` (the unit tests' stand-in, tests/support/browser-global.ts).
// runtime.onMessage: the forwarding test's feed watch listens only while the panel runs.
const messageListeners = new Set<unknown>();
const onMessage = {
  addListener: (l: unknown) => void messageListeners.add(l),
  removeListener: (l: unknown) => void messageListeners.delete(l),
};
Object.assign(browser, { runtime: { sendMessage, getURL, onMessage } });

interface Entry {
  main(ctx: { signal: AbortSignal }): void;
}
(globalThis as unknown as { defineContentScript: (x: Entry) => Entry }).defineContentScript = (x) => x;
// WXT runs an unlisted script's main() when the file is evaluated.
(globalThis as unknown as { defineUnlistedScript: (x: { main(): void }) => unknown }).defineUnlistedScript = (x) => (x.main(), x);

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
    expect(getURL).not.toHaveBeenCalled();
    expect(messageListeners.size).toBe(0);

    window.location.hash = '#settings/general';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(counts).toEqual({ observers: 0, timeouts: 0, intervals: 0 });

    expect(getURL).not.toHaveBeenCalled();

    window.location.hash = '#settings/accounts';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    // The first import compiles the settings code's sources here, which takes a while.
    await vi.waitFor(() => expect(counts.observers).toBe(1), { timeout: 15_000 });
    expect(getURL).toHaveBeenCalledWith('/gmail-settings.js');
    expect(sendMessage).toHaveBeenCalledWith({ type: 'profile:get' });
    expect(messageListeners.size).toBe(1);

    // Leaving the route stops the panel and the feed watch's listener with it; coming back starts both.
    window.location.hash = '#inbox';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(messageListeners.size).toBe(0);
    window.location.hash = '#settings/accounts';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => expect(messageListeners.size).toBe(1), { timeout: 5_000 });

    ac.abort();
    const calls = sendMessage.mock.calls.length;
    window.location.hash = '#settings/accounts';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(sendMessage.mock.calls.length).toBe(calls);
    expect(document.querySelector('[data-m2k-panel-host]')).toBeNull();
    expect(messageListeners.size).toBe(0);
  });
});
