/**
 * Mail2000's auto-forward, the background's part. The panel's "Forward Mail2000 to this Gmail"
 * opens the profile's webmail (https://<host>/) in a new tab and binds the forwarding intent (the
 * Gmail address) to that tab and that origin (tab-intents.ts); the webmail's content script asks
 * for its own tab's intent, so a tab the panel did not open gets none and nothing is filled there.
 * What the assistant reads of the forward settings is judged here (utils/forward/rules.ts), kept
 * for the popup (storage.local) and copied into history, like the Gmail audit.
 */
import type { Handlers, SenderInfo } from '@/utils/messaging/router';
import type { HistoryRecord } from '@/utils/history/records';
import type { Profile } from '@/utils/profile/schema';
import { ForwardAuditSchema, GmailAddressSchema, type ForwardAudit } from '@/utils/forward/schema';
import { forwardFindings } from '@/utils/forward/rules';
import { NotFromATab, type KeyValueArea } from './setup-intent';
import { senderTab, type TabIntents } from './tab-intents';
import { originOf } from './webmail-sites';

export const LAST_FORWARD_KEY = 'm2k:lastForward';
/** The Gmail address the person last asked to forward to: what a later check on the webmail compares with. */
export const FORWARD_TO_KEY = 'm2k:forwardTo';

export interface ForwardDeps {
  intents: TabIntents;
  /** storage.local: the last check and the last address. */
  area: KeyValueArea;
  loadProfile(): Promise<Profile>;
  /** Opens `url` in a new tab next to the tab `openerTabId`; the new tab's id. */
  openTab(url: string, openerTabId: number): Promise<number>;
  /** May the assistant run on https://<host>/ (a known site, or one the person allowed)? */
  isAssisted(host: string): Promise<boolean>;
  /** Opens (or focuses) the options page at `hash`. */
  openOptions(hash: string): Promise<void>;
  saveRun?(record: HistoryRecord): Promise<unknown>;
  now?: () => number;
}

export type ForwardHandlers = Pick<
  Handlers,
  'forward:start' | 'forward:intent' | 'forward:audit' | 'forward:progress' | 'forward:last' | 'webmail:allow'
>;

const tabOf = (sender: SenderInfo) => {
  const tab = senderTab(sender.tab);
  if (!tab) throw new NotFromATab();
  return tab;
};

export function createForwardHandlers(deps: ForwardDeps): ForwardHandlers {
  const now = deps.now ?? Date.now;
  /** The sender tab's live forwarding intent, when the message comes from the origin it is bound to. */
  const intentOf = async (sender: SenderInfo) => {
    const intent = await deps.intents.find('forward', tabOf(sender).id);
    return intent && intent.origin === originOf(sender.url ?? '') ? intent : null;
  };
  const lastTarget = async (): Promise<string | null> => {
    const parsed = GmailAddressSchema.safeParse((await deps.area.get(FORWARD_TO_KEY))[FORWARD_TO_KEY]);
    return parsed.success ? parsed.data : null;
  };
  return {
    'forward:start': async ({ gmail }, sender) => {
      const from = tabOf(sender);
      const host = (await deps.loadProfile()).host.toLowerCase();
      const origin = `https://${host}`;
      const tab = await deps.openTab(`${origin}/`, from.id);
      await deps.intents.put({ kind: 'forward', at: now(), tab, origin, gmail: gmail.trim(), filled: false, gmailTab: from.id });
      await deps.area.set({ [FORWARD_TO_KEY]: gmail.trim() });
      return { ok: true, host, assisted: await deps.isAssisted(host).catch(() => false) };
    },
    'forward:intent': async (_req, sender) => {
      const intent = await intentOf(sender);
      return { intent: intent ? { gmail: intent.gmail, filled: intent.filled } : null };
    },
    'forward:audit': async ({ read }, sender) => {
      const intent = await intentOf(sender);
      const gmail = intent?.gmail ?? (await lastTarget());
      // The site is where the message came from, whatever the page said.
      const site = new URL(sender.url ?? '').hostname.toLowerCase();
      const findings = forwardFindings(read, gmail, read.at);
      const audit: ForwardAudit = { ...read, site, gmail, findings };
      await deps.saveRun?.({ kind: 'forward', at: audit.at, audit }).catch(() => undefined);
      await deps.area.set({ [LAST_FORWARD_KEY]: audit });
      return { findings };
    },
    'forward:progress': async ({ state }, sender) => {
      const intent = await intentOf(sender);
      if (intent && state === 'filled') await deps.intents.put({ ...intent, filled: true });
      // Saved: the forwarding is in place; this tab has nothing more to fill.
      if (intent && state === 'saved') {
        await deps.intents.remove((i) => i.kind === 'forward' && i.tab === intent.tab);
        // The note's "Test forwarding" needs the Gmail tab that will watch; only this tab may use it.
        if (intent.gmailTab !== undefined)
          await deps.intents.put({ kind: 'forward-saved', at: now(), tab: intent.tab, gmailTab: intent.gmailTab, gmail: intent.gmail });
      }
      return { ok: true };
    },
    'forward:last': async () => {
      const parsed = ForwardAuditSchema.safeParse((await deps.area.get(LAST_FORWARD_KEY))[LAST_FORWARD_KEY]);
      return { audit: parsed.success ? parsed.data : null };
    },
    'webmail:allow': async ({ host }) => {
      await deps.openOptions(`#webmail=${encodeURIComponent(host.toLowerCase())}`);
      return { ok: true };
    },
  };
}
