/**
 * The content script on mail.google.com. In Gmail's account wizard window it hands over to the
 * wizard helper; elsewhere it waits for the Accounts and Import route and runs the panel there
 * only. On every other route it costs one hashchange and one popstate listener: no observer, no
 * timer. Everything is tied to ctx.signal so an extension update or reload leaves nothing behind.
 */
import { isSettingsAccounts } from '@/utils/gmail/route';
import { t, uiLanguage } from '@/utils/i18n/translate';
import { sendToBackground } from '@/utils/messaging/runtime';
import { onProfileSaved } from '@/utils/profile/store';
import { createSend, orNull } from '@/utils/messaging/send';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import { isWizardWindow, startWizard } from './wizard/start';
import { startAccountsPanel } from './panel/mount';

const copyText = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
};

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    // A visible mark that the script runs at all: the Firefox smoke test and support questions use it.
    document.documentElement.dataset.m2kLoaded = '1';
    if (isWizardWindow(document, window)) {
      void startWizard(ctx);
      return;
    }
    // A window opened by Gmail's page (as the setup's is) on a page we do not recognise: it may be
    // the setup's first page, which must not stay silent. Elsewhere this does nothing.
    if (window.opener) void startWizard(ctx);

    const send = createSend(sendToBackground);
    let stop: (() => void) | null = null;
    const follow = (): void => {
      const here = isSettingsAccounts(location.href);
      if (here && !stop && !ctx.signal.aborted) {
        stop = startAccountsPanel({
          doc: document,
          t,
          lang: uiLanguage(),
          now: Date.now,
          loadProfile: async () => (await orNull(send('profile:get')))?.profile ?? null,
          watchProfile: onProfileSaved,
          send: sendToBackground,
          copy: copyText,
          snapshot: snapshotStructure,
        });
      } else if (!here && stop) {
        stop();
        stop = null;
      }
    };
    window.addEventListener('hashchange', follow, { signal: ctx.signal });
    window.addEventListener('popstate', follow, { signal: ctx.signal });
    ctx.signal.addEventListener('abort', () => {
      stop?.();
      stop = null;
    });
    follow();
  },
});
