/**
 * gmail-settings.js: the code of Gmail's settings, loaded by the content script (gmail.content)
 * only on Settings › Accounts and Import and in windows Gmail's page opened (utils/gmail/settings-chunk.ts).
 * It hands over two entry points: the Accounts panel and the "Add a mail account" window's helper.
 */
import { t, uiLanguage } from '@/utils/i18n/translate';
import { sendToBackground } from '@/utils/messaging/runtime';
import { onProfileSaved } from '@/utils/profile/store';
import { createSend, orNull } from '@/utils/messaging/send';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import { publishSettingsChunk } from '@/utils/gmail/settings-chunk';
import { copyText } from '@/utils/page/clipboard';
import { startWizard } from './wizard/start';
import { startAccountsPanel } from './panel/mount';

// Anonymous: imported as a module it needs no name, and it must not leave one behind.
export default defineUnlistedScript({
  globalName: false,
  main() {
    const send = createSend(sendToBackground);
    publishSettingsChunk({
      startPanel: () =>
        startAccountsPanel({
          doc: document,
          t,
          lang: uiLanguage(),
          now: Date.now,
          loadProfile: async () => (await orNull(send('profile:get')))?.profile ?? null,
          watchProfile: onProfileSaved,
          send: sendToBackground,
          copy: copyText,
          snapshot: snapshotStructure,
        }),
      startWizard,
    });
  },
});
