/**
 * gmail-settings.js: the code of Gmail's settings, loaded by the content script (gmail.content)
 * only on Settings › Accounts and Import and in windows Gmail's page opened (utils/gmail/settings-chunk.ts).
 * It hands over two entry points: the Accounts panel (with the forwarding test's feed watch) and the
 * "Add a mail account" window's helper.
 */
import { browser } from 'wxt/browser';
import { t, uiLanguage } from '@/utils/i18n/translate';
import { sendToBackground } from '@/utils/messaging/runtime';
import { onProfileSaved } from '@/utils/profile/store';
import { createSend, orNull } from '@/utils/messaging/send';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import { publishSettingsChunk } from '@/utils/gmail/settings-chunk';
import { copyText } from '@/utils/page/clipboard';
import { startWizard } from './wizard/start';
import { startAccountsPanel } from './panel/mount';
import { listenForFeedWatch, type MessageEvents } from './feed-watch';

/**
 * The browser's runtime.onMessage (undefined where there is none: then no test can be watched here,
 * and the panel runs as ever) and the fetch that reads as the page (Firefox's content.fetch;
 * Chromium's own fetch is the page's origin already).
 */
const onMessage = (): MessageEvents | undefined => (browser.runtime as { onMessage?: MessageEvents } | undefined)?.onMessage;
const pageFetch = (): typeof fetch => (globalThis as { content?: { fetch?: typeof fetch } }).content?.fetch ?? fetch;

// Anonymous: imported as a module it needs no name, and it must not leave one behind.
export default defineUnlistedScript({
  globalName: false,
  main() {
    const send = createSend(sendToBackground);
    publishSettingsChunk({
      startPanel: () => {
        // The forwarding test's watch listens only while the panel runs, and stops with it; the panel
        // says while it is looking.
        const watchers = new Set<(watching: boolean) => void>();
        const events = onMessage();
        const stopWatch = !events
          ? () => {}
          : listenForFeedWatch({
              onMessage: events,
              send: sendToBackground,
              pageUrl: () => location.href,
              fetcher: (url, init) => pageFetch()(url, init),
              onWatching: (watching) => watchers.forEach((cb) => cb(watching)),
            });
        const stopPanel = startAccountsPanel({
          doc: document,
          t,
          lang: uiLanguage(),
          now: Date.now,
          loadProfile: async () => (await orNull(send('profile:get')))?.profile ?? null,
          watchProfile: onProfileSaved,
          send: sendToBackground,
          copy: copyText,
          snapshot: snapshotStructure,
          watchForwardTest: (cb) => (watchers.add(cb), () => void watchers.delete(cb)),
        });
        return () => {
          stopWatch();
          stopPanel();
        };
      },
      startWizard,
    });
  },
});
