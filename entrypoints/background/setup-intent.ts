/**
 * The short-lived "setup requested" mark: the panel's setup button sets it, the wizard window
 * peeks at it on every step (Gmail reloads the window between steps) and takes it at the end.
 * It lives SETUP_INTENT_TTL_MS; kept in storage.session where the browser has it (gone with the
 * browser session, never written to disk), else storage.local.
 */
import { browser } from 'wxt/browser';
import { MessageSchema, SETUP_INTENT_TTL_MS, SetupIntentSchema, type SetupIntent } from '@/utils/messaging/messages';

export const SETUP_INTENT_KEY = 'm2k:setupIntent';

/** The part of a storage area we use; both browsers' StorageArea fit, and tests pass a Map-backed one. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export type IntentReply = { intent: SetupIntent | null } | { ok: true };

export function createSetupIntentHandler(area: KeyValueArea, now: () => number = Date.now) {
  const read = async (): Promise<SetupIntent | null> => {
    const parsed = SetupIntentSchema.safeParse((await area.get(SETUP_INTENT_KEY))[SETUP_INTENT_KEY]);
    if (!parsed.success) return null;
    const age = now() - parsed.data.at;
    // A clock that went backwards makes a negative age: treat as expired rather than eternal.
    if (age < 0 || age > SETUP_INTENT_TTL_MS) {
      await area.remove(SETUP_INTENT_KEY);
      return null;
    }
    return parsed.data;
  };

  /** Answers the setup-intent messages; anything else gets undefined so other handlers can reply. */
  return async (raw: unknown): Promise<IntentReply | undefined> => {
    const msg = MessageSchema.safeParse(raw);
    if (!msg.success) return undefined;
    switch (msg.data.type) {
      case 'setup-intent:set':
        await area.set({ [SETUP_INTENT_KEY]: { at: now() } satisfies SetupIntent });
        return { ok: true };
      case 'setup-intent:peek':
        return { intent: await read() };
      case 'setup-intent:take': {
        const intent = await read();
        if (intent) await area.remove(SETUP_INTENT_KEY);
        return { intent };
      }
      case 'setup-intent:clear':
        await area.remove(SETUP_INTENT_KEY);
        return { ok: true };
      default:
        return undefined;
    }
  };
}

export const registerSetupIntent = (): void => {
  const area = (browser.storage.session ?? browser.storage.local) as unknown as KeyValueArea;
  const handle = createSetupIntentHandler(area);
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const type = (raw as { type?: unknown } | null)?.type;
    // Returning undefined (not a promise) leaves the message to the other listeners.
    if (typeof type !== 'string' || !type.startsWith('setup-intent:')) return undefined;
    return handle(raw);
  });
};
