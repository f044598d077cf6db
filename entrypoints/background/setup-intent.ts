/**
 * The panel's setup, bound to the window Gmail opens for it (tab-intents.ts). "Set up" on the
 * Gmail tab leaves a pending setup with the tabs that existed at that moment; the first page of a
 * new window asks to claim it, and gets it when its tab is new since the press, is not the Gmail
 * tab itself, and (where the browser says who opened it) was opened by that Gmail tab. Chromium
 * gives a window.open() popup's `openerTabId`; Firefox gives none for a popup window, so there the
 * tab being new and the claim coming from a window Gmail's page opened (the wizard asks only then)
 * are what bind it. From then on the setup is that tab's: every later page of the window asks for
 * its own tab's setup, and no other tab can have it. A page's own storage is never consulted.
 */
import type { Handlers, SenderInfo } from '@/utils/messaging/router';
import { senderTab, type TabIntents } from './tab-intents';

/** The part of a storage area we use; both browsers' StorageArea fit, and tests pass a Map-backed one. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

type SetupHandlers = Pick<Handlers, 'setup-intent:set' | 'setup-intent:get' | 'setup-intent:ask' | 'setup-intent:end'>;

/** A message that must come from a tab (a content script) and came from somewhere else. */
export class NotFromATab extends Error {
  override name = 'NotFromATab';
}

const tabOf = (sender: SenderInfo) => {
  const tab = senderTab(sender.tab);
  if (!tab) throw new NotFromATab();
  return tab;
};

export function createSetupIntentHandlers(
  intents: TabIntents,
  /** The ids of every open tab (tabs.query({})). */
  tabIds: () => Promise<number[]>,
  now: () => number = Date.now,
): SetupHandlers {
  return {
    'setup-intent:set': async (_req, sender) => {
      const gmail = tabOf(sender);
      const tabsBefore = (await tabIds().catch(() => [] as number[])).slice(0, 5000);
      await intents.put({ kind: 'setup-pending', at: now(), tab: gmail.id, tabsBefore });
      return { ok: true };
    },
    'setup-intent:get': async ({ claim }, sender) => {
      const me = tabOf(sender);
      const bound = await intents.find('setup', me.id);
      if (bound) return { setup: { asked: bound.asked } };
      if (!claim) return { setup: null };
      const pending = await intents.take(
        'setup-pending',
        (p) => p.tab !== me.id && !p.tabsBefore.includes(me.id) && (me.openerTabId === undefined || me.openerTabId === p.tab),
      );
      if (!pending) return { setup: null };
      await intents.put({ kind: 'setup', at: now(), tab: me.id, asked: false });
      return { setup: { asked: false } };
    },
    'setup-intent:ask': async (_req, sender) => {
      const me = tabOf(sender);
      await intents.put({ kind: 'setup', at: now(), tab: me.id, asked: true });
      return { ok: true };
    },
    'setup-intent:end': async (_req, sender) => {
      const me = tabOf(sender);
      await intents.remove((i) => i.kind === 'setup' && i.tab === me.id);
      return { ok: true };
    },
  };
}
