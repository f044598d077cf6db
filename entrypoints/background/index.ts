/** The background: one message router, the probe, discovery and forwarding test ports. See docs/architecture.md, "Contexts". */
import { browser } from 'wxt/browser';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import { loadProfile } from '@/utils/profile/store';
import { createAuditHandlers } from './audit-store';
import { lastProbe, saveToHistory } from './history';
import { openFindPage, probeHandlers, registerProbePort } from './probe';
import { createSetupIntentHandlers, type KeyValueArea } from './setup-intent';
import { createTabIntents } from './tab-intents';
import { forwardInBrowser } from './forward-browser';
import { forwardTestInBrowser } from './forward-test-browser';
import { createRunLimits } from './run-limits';

export default defineBackground(() => {
  // Never on disk where the browser has storage.session; they end with their tab.
  const intents = createTabIntents((browser.storage.session ?? browser.storage.local) as unknown as KeyValueArea);
  browser.tabs.onRemoved.addListener((tabId) => void intents.tabClosed(tabId));
  const tabIds = async () => (await browser.tabs.query({})).flatMap((t) => (t.id === undefined ? [] : [t.id]));
  const forward = forwardInBrowser(intents);
  // One run at a time and a few login tests a minute, for the probe and the forwarding test alike.
  const limits = createRunLimits();
  const handlers: Handlers = {
    ...forward.handlers,
    ...forwardTestInBrowser(intents, limits),
    ...createSetupIntentHandlers(intents, tabIds),
    ...createAuditHandlers(browser.storage.local as unknown as KeyValueArea, {
      loadProfile: async () => (await loadProfile()).profile,
      lastProbe,
      saveRun: saveToHistory,
    }),
    ...probeHandlers(),
    'profile:get': async () => ({ profile: (await loadProfile()).profile }),
    'find:open': async ({ address }) => {
      await openFindPage(address);
      return { ok: true };
    },
  };
  const self = { id: browser.runtime.id, pagesOrigin: browser.runtime.getURL('/'), isWebmail: forward.isWebmail };
  // sendResponse rather than a returned promise: Chrome's onMessage ignores a listener's promise.
  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse) => {
    void dispatch(handlers, raw, sender, self).then(sendResponse);
    return true;
  });
  registerProbePort(limits);
});
