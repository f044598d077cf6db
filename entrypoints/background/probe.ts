/**
 * Wires the probe bridge (probe-bridge.ts, free of browser globals) to the browser: the probe
 * and discovery ports for our own pages, with one set of run limits for the whole browser and the
 * pause between discoveries kept in storage.session, and the pages other pages open in a tab
 * (check-tab.ts): `probe:open`, the connection check, because a content script cannot open the
 * toolbar popup, and `find:open`, "Find my server" for an address on a known site.
 */
import { browser } from 'wxt/browser';
import { BadRequest, type Handlers } from '@/utils/messaging/router';
import { knownSiteOfAddress } from '@/contract/known-sites';
import { CHECK_TAB_KEY, OPTIONS_TAB_KEY, openOrFocusPage, pageOf, type CheckTabApi, type TabPlace } from './check-tab';
import { findHash } from '@/utils/profile/find-link';
import { createDiscoveryPacing } from './discover-pacing';
import { saveToHistory } from './history';
import type { PortLike } from './bridge-deps';
import { servePagePort } from './probe-bridge';
import { createRunLimits, type RunLimits } from './run-limits';
import type { KeyValueArea } from './setup-intent';
import { serveDiscoverPort } from './discover-bridge';

const lastErrorMessage = (): string | undefined => browser.runtime.lastError?.message;

export const registerProbePort = (limits: RunLimits = createRunLimits()): void => {
  const deps = {
    connectNative: (name: string) => browser.runtime.connectNative(name) as unknown as PortLike,
    lastErrorMessage,
    saveRun: saveToHistory,
    extensionId: browser.runtime.id,
    pagesOrigin: browser.runtime.getURL('/'),
    limits,
    pacing: createDiscoveryPacing(sessionArea()),
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
          // Every tab of ours, matched here without the fragment (#find=…), whatever the browser keeps of it.
          ourTabs: async (page: string) =>
            (await browser.runtime.getContexts({ contextTypes: ['TAB'] }))
              .filter((c) => c.tabId >= 0 && pageOf(c.documentUrl ?? '') === page)
              .map((c) => ({ tabId: c.tabId, windowId: c.windowId, ...(c.documentUrl ? { url: c.documentUrl } : {}) })),
        }
      : {}),
    get: async (tabId) => place(await browser.tabs.get(tabId)),
    create: async (url) => place(await browser.tabs.create({ url })),
    focus: async ({ tabId, windowId }, url) => {
      const tab = await browser.tabs.update(tabId, { active: true, ...(url ? { url } : {}) });
      const win = windowId ?? tab?.windowId;
      if (win !== undefined && win >= 0) await browser.windows.update(win, { focused: true });
    },
  };
};

const sessionArea = () => (browser.storage.session ?? browser.storage.local) as unknown as KeyValueArea;

export const probeHandlers = (): Pick<Handlers, 'probe:open'> => ({
  'probe:open': async () => {
    await openOrFocusPage(checkTabApi(), sessionArea(), CHECK_TAB_KEY, browser.runtime.getURL('/popup.html'));
    return { ok: true };
  },
});

/**
 * `find:open`: "Find my server" for an address on a known site, in the options tab already open
 * or a new one. Any other address is refused: the panel's offer is built by the same rule
 * (knownSiteOfAddress), so nothing else can have come from a person's click on it.
 */
export const openFindPage = async (address: string): Promise<void> => {
  if (!knownSiteOfAddress(address)) throw new BadRequest('not an address on a known Mail2000 site');
  await openOptionsAt(findHash(address));
};

/** The options page at `hash`, in the options tab already open (moved to that fragment) or a new one. */
export const openOptionsAt = async (hash: string): Promise<void> =>
  void (await openOrFocusPage(checkTabApi(), sessionArea(), OPTIONS_TAB_KEY, browser.runtime.getURL(`/options.html${hash}`)));
