/**
 * Intents bound to a browser tab, held by the background: the panel's setup (bound to the "Add a
 * mail account" window's tab), the forwarding assistant (bound to the webmail tab the panel
 * opened) and the forwarding test (bound to our test page's tab, naming the Gmail tab that
 * watches). A page can neither write nor forge them: a content script only ever asks for its own
 * tab's intent, and which tab a message came from is said by the browser (sender.tab), not by
 * the page. Each intent is short-lived, ends with its tab (tabs.onRemoved), and is kept in
 * storage.session (never written to disk; it survives the service worker's restarts).
 *
 * Free of browser globals: the background passes its storage area, and tests pass a Map-backed one.
 */
import * as z from 'zod/mini';
import type { KeyValueArea } from './setup-intent';

export const TAB_INTENTS_KEY = 'm2k:tabIntents';

const At = z.int().check(z.nonnegative());
const TabId = z.int().check(z.nonnegative());

/** "Set up" was pressed on the Gmail tab `fromTab`; the window Gmail opens for it has not asked yet. */
const PendingSetupSchema = z.object({
  kind: z.literal('setup-pending'),
  at: At,
  tab: TabId,
  /** The tabs that existed when the button was pressed: the setup's window is none of them. */
  tabsBefore: z.array(TabId).check(z.maxLength(5000)),
});
/** The setup runs in this tab (the wizard window); `asked`: the person pressed "Fill Mail2000 settings" there. */
const SetupSchema = z.object({ kind: z.literal('setup'), at: At, tab: TabId, asked: z.boolean() });
/** The forwarding assistant runs in this tab, on `origin` only, for the Gmail address `gmail`. */
const ForwardSchema = z.object({
  kind: z.literal('forward'),
  at: At,
  tab: TabId,
  origin: z.string().check(z.maxLength(300)),
  gmail: z.string().check(z.maxLength(320)),
  /** The assistant has filled the page in this tab (so a later "saved" page is about our fill). */
  filled: z.boolean(),
  /** The Gmail tab whose panel opened this webmail: the one that watches for a forwarding test. */
  gmailTab: z.optional(TabId),
});
/**
 * The webmail tab `tab` showed the forwarding saved: its note's "Test forwarding" opens the test
 * page for the Gmail tab `gmailTab`, whose panel opened the webmail.
 */
const ForwardSavedSchema = z.object({
  kind: z.literal('forward-saved'),
  at: At,
  tab: TabId,
  gmailTab: TabId,
  gmail: z.string().check(z.maxLength(320)),
});
/**
 * The forwarding test page in tab `tab` tests for the Gmail tab `gmailTab` (its Atom feed is
 * watched there); null: no Gmail tab is known (the person is asked instead).
 */
const ForwardTestSchema = z.object({
  kind: z.literal('forward-test'),
  at: At,
  tab: TabId,
  gmailTab: z.nullable(TabId),
  gmail: z.nullable(z.string().check(z.maxLength(320))),
});

const TabIntentSchema = z.discriminatedUnion('kind', [
  PendingSetupSchema,
  SetupSchema,
  ForwardSchema,
  ForwardSavedSchema,
  ForwardTestSchema,
]);
type TabIntent = z.infer<typeof TabIntentSchema>;
type TabIntentKind = TabIntent['kind'];
type OfKind<K extends TabIntentKind> = Extract<TabIntent, { kind: K }>;

/** How long each kind lives, whatever happens to its tab. */
export const TAB_INTENT_TTL_MS: Readonly<Record<TabIntentKind, number>> = {
  // From "Set up" to Gmail's window asking: a few seconds normally.
  'setup-pending': 5 * 60 * 1000,
  // The whole wizard: the person may take their time with the password.
  setup: 30 * 60 * 1000,
  // Logging in to the webmail (perhaps a security code), finding the page, pressing save.
  forward: 30 * 60 * 1000,
  // From the save to pressing "Test forwarding" in the note.
  'forward-saved': 30 * 60 * 1000,
  // Typing the password, the send, perhaps a send by hand, and the five minutes' watch.
  'forward-test': 60 * 60 * 1000,
};

/** At most this many at once: a few tabs of each kind is all a person can have going. */
const MAX_INTENTS = 20;

export interface TabIntents {
  /** The live intent of `kind` bound to `tab`, or null. */
  find<K extends TabIntentKind>(kind: K, tab: number): Promise<OfKind<K> | null>;
  /** Binds `intent`, replacing one of the same kind on the same tab. */
  put(intent: TabIntent): Promise<void>;
  /** Ends the intents `match` accepts. */
  remove(match: (i: TabIntent) => boolean): Promise<void>;
  /**
   * Ends and returns the newest live intent of `kind` that `accept` takes, in one step: two tabs
   * asking at the same moment cannot both have it.
   */
  take<K extends TabIntentKind>(kind: K, accept: (i: OfKind<K>) => boolean): Promise<OfKind<K> | null>;
  /** The tab closed: everything bound to it ends. */
  tabClosed(tab: number): Promise<void>;
}

export function createTabIntents(area: KeyValueArea, now: () => number = Date.now): TabIntents {
  const live = (i: TabIntent): boolean => {
    const age = now() - i.at;
    // A clock that went backwards makes a negative age: treat as expired rather than eternal.
    return age >= 0 && age <= TAB_INTENT_TTL_MS[i.kind];
  };
  const read = async (): Promise<TabIntent[]> => {
    const raw = (await area.get(TAB_INTENTS_KEY))[TAB_INTENTS_KEY];
    if (!Array.isArray(raw)) return [];
    // One unreadable entry (an older version's) is dropped alone.
    return raw.flatMap((r) => {
      const p = TabIntentSchema.safeParse(r);
      return p.success && live(p.data) ? [p.data] : [];
    });
  };
  // Messages arrive concurrently (every frame of a tab asks); one change at a time keeps them all.
  let queue: Promise<unknown> = Promise.resolve();
  const change = (edit: (list: TabIntent[]) => TabIntent[]): Promise<void> => {
    const next = queue.then(async () => {
      const list = edit(await read()).slice(-MAX_INTENTS);
      if (list.length) await area.set({ [TAB_INTENTS_KEY]: list });
      else await area.remove(TAB_INTENTS_KEY);
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const ofKind =
    <K extends TabIntentKind>(kind: K) =>
    (i: TabIntent): i is OfKind<K> =>
      i.kind === kind;
  return {
    find: async (kind, tab) => (await read()).filter(ofKind(kind)).find((i) => i.tab === tab) ?? null,
    put: (intent) => change((list) => [...list.filter((i) => !(i.kind === intent.kind && i.tab === intent.tab)), intent]),
    remove: (match) => change((list) => list.filter((i) => !match(i))),
    take: async (kind, accept) => {
      let taken: TabIntent | null = null;
      await change((list) => {
        taken =
          list
            .filter(ofKind(kind))
            .filter(accept)
            .sort((a, b) => b.at - a.at)[0] ?? null;
        return list.filter((i) => i !== taken);
      });
      return taken;
    },
    tabClosed: (tab) => change((list) => list.filter((i) => i.tab !== tab)),
  };
}

/** What the browser says about a message's tab (runtime.MessageSender's tab), the part read here. */
const SenderTabSchema = z.object({ id: TabId, openerTabId: z.optional(TabId) });
type SenderTab = z.infer<typeof SenderTabSchema>;

/** The sender's tab, or null for a message that did not come from a tab (an extension page). */
export const senderTab = (tab: unknown): SenderTab | null => {
  const p = SenderTabSchema.safeParse(tab);
  return p.success ? p.data : null;
};
