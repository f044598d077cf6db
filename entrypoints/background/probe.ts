/**
 * Wires the probe bridge (native-bridge.ts, free of browser globals) to the browser: the probe
 * port for pages, and `probe:open`, which opens the connection check in a tab because a content
 * script cannot open the toolbar popup.
 */
import { browser } from 'wxt/browser';
import type { Handlers } from '@/utils/messaging/router';
import { saveToHistory } from './history';
import { servePagePort, type PortLike } from './native-bridge';

const lastErrorMessage = (): string | undefined =>
  (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } }).chrome?.runtime?.lastError?.message;

export const registerProbePort = (): void => {
  const deps = {
    connectNative: (name: string) => browser.runtime.connectNative(name) as unknown as PortLike,
    lastErrorMessage,
    saveRun: saveToHistory,
    extensionId: browser.runtime.id,
  };
  browser.runtime.onConnect.addListener((port) => servePagePort(deps, port as unknown as PortLike));
};

export const probeHandlers = (): Pick<Handlers, 'probe:open'> => ({
  'probe:open': async () => {
    await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
    return { ok: true };
  },
});
