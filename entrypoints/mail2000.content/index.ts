/**
 * The forwarding assistant's content script on Mail2000 webmails: the known sites' webmail origins
 * (contract/mail2000-sites.json) from the manifest, and any webmail the person allowed, registered
 * at run time (entrypoints/background/webmail-sites.ts). It runs in every frame; the copy in the
 * topmost frame of the webmail's origin does the work for the tab (assistant.ts), the others stop.
 */
import { originPattern, webmailOrigins } from '@/contract/known-sites';
import { t } from '@/utils/i18n/translate';
import { copyText } from '@/utils/page/clipboard';
import { sendToBackground } from '@/utils/messaging/runtime';
import { sendChecked } from '@/utils/messaging/checked';
import { ForwardAuditReplySchema, ForwardIntentReplySchema } from '@/utils/forward/schema';
import { coordinatorOf } from './frames';
import { runAssistant } from './assistant';
import * as z from 'zod/mini';

const Ok = z.object({ ok: z.literal(true) });

export default defineContentScript({
  matches: webmailOrigins().map(originPattern),
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    if (coordinatorOf(window) !== window) return;
    // A visible mark that the assistant runs in this tab (tests and support questions use it).
    document.documentElement.dataset.m2kAssistant = '1';
    void runAssistant({
      win: window,
      t,
      now: Date.now,
      copy: copyText,
      signal: ctx.signal,
      intent: async () => (await sendChecked(sendToBackground, { type: 'forward:intent' }, ForwardIntentReplySchema)).intent,
      audit: async (read) => (await sendChecked(sendToBackground, { type: 'forward:audit', read }, ForwardAuditReplySchema)).findings,
      progress: async (state) => void (await sendChecked(sendToBackground, { type: 'forward:progress', state }, Ok)),
      openTest: async () => void (await sendChecked(sendToBackground, { type: 'forward-test:open-from-webmail' }, Ok)),
    });
  },
});
