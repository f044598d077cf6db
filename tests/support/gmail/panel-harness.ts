/**
 * The panel controller in happy-dom for the unit tests: started on the live document with the
 * extension's English texts, a fixed date, and messages answered by the background's real audit
 * handlers behind its real router, on an in-memory storage area (no browser runs here; the browser
 * tests use the real background).
 */
import { startAccountsPanel, PANEL_HOST_ATTR, type PanelDeps } from '@/entrypoints/gmail-settings/panel/mount';
import { ProfileSchema } from '@/utils/profile/schema';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import { createAuditHandlers } from '@/entrypoints/background/audit-store';
import { memoryArea } from '../storage';
import { translator } from '../i18n/locale';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import type { Message } from '@/utils/messaging/messages';
import type { Profile } from '@/utils/profile/schema';

export function panelBackground(profile: Profile | null): (m: Message) => Promise<unknown> {
  const area = memoryArea({}, { name: 'local' });
  const handlers = createAuditHandlers(area, {
    loadProfile: async () => {
      if (!profile) throw new Error('no profile');
      return profile;
    },
    lastProbe: async () => null,
  }) as Handlers;
  const self = { id: 'ext', pagesOrigin: 'chrome-extension://ext/' };
  const sender = { id: 'ext', url: 'https://mail.google.com/mail/u/0/#settings/accounts', tab: { id: 1 } };
  // Other messages (setup intent, opening pages) are only recorded by the tests: answered as done.
  return (m) => (m.type === 'audit:save' ? dispatch(handlers, m, sender, self, () => undefined) : Promise.resolve({ ok: true }));
}

export const NOW = Date.parse('2026-11-26T08:00:00Z');
export const PROFILE = ProfileSchema.parse({ address: 's1234567@mail.au.edu.tw' });
export const en = translator('en');

/** The panel's elements matching `sel`, inside its shadow root. */
export const inPanel = (sel: string): HTMLElement[] =>
  Array.from(document.querySelector(`[${PANEL_HOST_ATTR}]`)?.shadowRoot?.querySelectorAll<HTMLElement>(sel) ?? []);

/** Starts the panel; what it sent and copied is recorded. `over` replaces any of its dependencies. */
export function startPanel(over: Partial<PanelDeps> = {}, profile: Profile | null = PROFILE) {
  const sent: Message[] = [];
  const copied: string[] = [];
  const answer = panelBackground(profile);
  const stop = startAccountsPanel({
    doc: document,
    t: en,
    lang: 'en',
    now: () => NOW,
    loadProfile: async () => profile,
    send: async (m) => {
      sent.push(m);
      return answer(m);
    },
    copy: async (text) => {
      copied.push(text);
      return true;
    },
    snapshot: snapshotStructure,
    waitMs: 100,
    ...over,
  });
  return { sent, copied, stop };
}
