/**
 * What the panel's messages reach in the unit tests: the background's real audit handlers behind
 * its real router, on an in-memory storage area (no browser runs here; the browser tests use the
 * real background).
 */
import { createAuditHandlers } from '@/entrypoints/background/audit-store';
import type { KeyValueArea } from '@/entrypoints/background/setup-intent';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import type { Message } from '@/utils/messaging/messages';
import type { Profile } from '@/utils/profile/schema';

export function panelBackground(profile: Profile | null): (m: Message) => Promise<unknown> {
  const data = new Map<string, unknown>();
  const area: KeyValueArea = {
    get: async (k) => (data.has(k) ? { [k]: data.get(k) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (k) => void data.delete(k),
  };
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
