/** The background: one message router, the probe and discovery ports. See docs/architecture.md, "Contexts". */
import { browser } from 'wxt/browser';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import { loadProfile } from '@/utils/profile/store';
import { createAuditHandlers } from './audit-store';
import { lastProbe, saveToHistory } from './history';
import { openFindPage, probeHandlers, registerProbePort } from './probe';
import { createSetupIntentHandlers, type KeyValueArea } from './setup-intent';

export default defineBackground(() => {
  const handlers: Handlers = {
    ...createSetupIntentHandlers((browser.storage.session ?? browser.storage.local) as unknown as KeyValueArea),
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
  const self = { id: browser.runtime.id, pagesOrigin: browser.runtime.getURL('/') };
  // sendResponse rather than a returned promise: Chrome's onMessage ignores a listener's promise.
  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse) => {
    void dispatch(handlers, raw, sender, self).then(sendResponse);
    return true;
  });
  registerProbePort();
});
