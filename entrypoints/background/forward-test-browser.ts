/**
 * Wires the forwarding test's background (forward-test.ts, free of browser globals) to the
 * browser: tabs, the Gmail tab's content script (tabs.sendMessage), the native host, storage and
 * history. Its port is served next to the probe's and the discovery's.
 */
import { browser } from 'wxt/browser';
import { loadProfile } from '@/utils/profile/store';
import { createForwardTest, FORWARD_TEST_PAGE, type ForwardTestHandlers } from './forward-test';
import { saveToHistory } from './history';
import type { PortLike } from './bridge-deps';
import type { RunLimits } from './run-limits';
import type { KeyValueArea } from './setup-intent';
import type { TabIntents } from './tab-intents';

const lastErrorMessage = (): string | undefined => browser.runtime.lastError?.message;

export function forwardTestInBrowser(intents: TabIntents, limits: RunLimits): ForwardTestHandlers {
  const test = createForwardTest({
    intents,
    area: browser.storage.local as unknown as KeyValueArea,
    session: (browser.storage.session ?? browser.storage.local) as unknown as KeyValueArea,
    loadProfile: async () => (await loadProfile()).profile,
    openTab: async (url, openerTabId) => {
      const tab = await browser.tabs.create({ url, openerTabId, active: true });
      if (tab.id === undefined) throw new Error('the new tab has no id');
      return tab.id;
    },
    tellTab: async (tab, command) => void (await browser.tabs.sendMessage(tab, command)),
    host: { connectNative: (name) => browser.runtime.connectNative(name) as unknown as PortLike, lastErrorMessage },
    limits,
    extensionId: browser.runtime.id,
    pagesOrigin: browser.runtime.getURL('/'),
    pageUrl: browser.runtime.getURL(FORWARD_TEST_PAGE),
    saveRun: saveToHistory,
  });
  browser.runtime.onConnect.addListener((port) => test.servePort(port as unknown as PortLike));
  return test.handlers;
}
