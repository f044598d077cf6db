/**
 * Wires the probe bridge (native-bridge.ts, free of browser globals) to the browser: the probe
 * port for our own pages, with one set of run limits for the whole browser, and `probe:open`,
 * which shows the connection check in a tab (focusing the one already open) because a content
 * script cannot open the toolbar popup.
 */
import { browser } from 'wxt/browser';
import type { Handlers } from '@/utils/messaging/router';
import { openOrFocusCheck, type CheckTabApi, type TabPlace } from './check-tab';
import { saveToHistory } from './history';
import { servePagePort, type PortLike } from './native-bridge';
import { createRunLimits } from './run-limits';
import type { KeyValueArea } from './setup-intent';
import { serveDiscoverPort } from './discover-bridge';

const lastErrorMessage = (): string | undefined =>
  (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } }).chrome?.runtime?.lastError?.message;

export const registerProbePort = (): void => {
  const deps = {
    connectNative: (name: string) => browser.runtime.connectNative(name) as unknown as PortLike,
    lastErrorMessage,
    saveRun: saveToHistory,
    extensionId: browser.runtime.id,
    pagesOrigin: browser.runtime.getURL('/'),
    limits: createRunLimits(),
  };
  browser.runtime.onConnect.addListener((port) => {
    // Each serves only its own port name.
    servePagePort(deps, port as unknown as PortLike);
    serveDiscoverPort(deps, port as unknown as PortLike);
  });
};

const place = (tab: { id?: number; windowId?: number }): TabPlace => ({
  tabId: tab.id ?? -1,
  ...(tab.windowId !== undefined ? { windowId: tab.windowId } : {}),
});

const checkTabApi = (): CheckTabApi => {
  const runtime = browser.runtime as { getContexts?: typeof browser.runtime.getContexts };
  return {
    ...(typeof runtime.getContexts === 'function'
      ? {
          ourTabs: async (url: string) =>
            (await browser.runtime.getContexts({ contextTypes: ['TAB'], documentUrls: [url] }))
              .filter((c) => c.tabId >= 0)
              .map((c) => ({ tabId: c.tabId, windowId: c.windowId })),
        }
      : {}),
    get: async (tabId) => place(await browser.tabs.get(tabId)),
    create: async (url) => place(await browser.tabs.create({ url })),
    focus: async ({ tabId, windowId }) => {
      const tab = await browser.tabs.update(tabId, { active: true });
      const win = windowId ?? tab?.windowId;
      if (win !== undefined && win >= 0) await browser.windows.update(win, { focused: true });
    },
  };
};

export const probeHandlers = (): Pick<Handlers, 'probe:open'> => ({
  'probe:open': async () => {
    const area = (browser.storage.session ?? browser.storage.local) as unknown as KeyValueArea;
    await openOrFocusCheck(checkTabApi(), area, browser.runtime.getURL('/popup.html'));
    return { ok: true };
  },
});
