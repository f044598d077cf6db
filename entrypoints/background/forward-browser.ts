/**
 * Wires the forwarding assistant's background (forward.ts, webmail-sites.ts, free of browser
 * globals) to the browser: tabs, permissions, scripting, storage and history.
 */
import { browser } from 'wxt/browser';
import { loadProfile } from '@/utils/profile/store';
import { createForwardHandlers, type ForwardHandlers } from './forward';
import { saveToHistory } from './history';
import { openOptionsAt } from './probe';
import type { KeyValueArea } from './setup-intent';
import type { TabIntents } from './tab-intents';
import { isWebmail, syncWebmailScript, type WebmailApi } from './webmail-sites';

const webmailApi: WebmailApi = {
  grantedOrigins: async () => (await browser.permissions.getAll()).origins ?? [],
  contains: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  registered: () => browser.scripting.getRegisteredContentScripts(),
  register: (script) => browser.scripting.registerContentScripts([script]),
  unregister: (id) => browser.scripting.unregisterContentScripts({ ids: [id] }),
};

export function forwardInBrowser(intents: TabIntents): { handlers: ForwardHandlers; isWebmail(url: string): Promise<boolean> } {
  const sync = (): void =>
    void syncWebmailScript(webmailApi).catch((e: unknown) =>
      console.warn('m2k: could not register the webmail assistant:', (e as Error)?.message),
    );
  // The registration follows the person's grants, whoever changed them (the options page, the browser's own settings).
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  const handlers = createForwardHandlers({
    intents,
    area: browser.storage.local as unknown as KeyValueArea,
    loadProfile: async () => (await loadProfile()).profile,
    openTab: async (url, openerTabId) => {
      const tab = await browser.tabs.create({ url, openerTabId, active: true });
      if (tab.id === undefined) throw new Error('the new tab has no id');
      return tab.id;
    },
    isAssisted: (host) => isWebmail(webmailApi, `https://${host}/`),
    openOptions: openOptionsAt,
    saveRun: saveToHistory,
  });
  return { handlers, isWebmail: (url) => isWebmail(webmailApi, url) };
}
