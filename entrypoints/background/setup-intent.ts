/**
 * The short-lived "setup requested" mark: the panel's setup button sets it, the wizard window
 * peeks at it on every step (Gmail reloads the window between steps) and takes it at the end.
 * It lives SETUP_INTENT_TTL_MS in storage.session where the browser has it (never written to
 * disk), else storage.local.
 */
import { SETUP_INTENT_TTL_MS, SetupIntentSchema, type SetupIntent } from '@/utils/messaging/messages';
import type { Handlers } from '@/utils/messaging/router';

export const SETUP_INTENT_KEY = 'm2k:setupIntent';

/** The part of a storage area we use; both browsers' StorageArea fit, and tests pass a Map-backed one. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

type IntentHandlers = Pick<Handlers, 'setup-intent:set' | 'setup-intent:peek' | 'setup-intent:take' | 'setup-intent:clear'>;

export function createSetupIntentHandlers(area: KeyValueArea, now: () => number = Date.now): IntentHandlers {
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
  return {
    'setup-intent:set': async () => {
      await area.set({ [SETUP_INTENT_KEY]: { at: now() } satisfies SetupIntent });
      return { ok: true };
    },
    'setup-intent:peek': async () => ({ intent: await read() }),
    'setup-intent:take': async () => {
      const intent = await read();
      if (intent) await area.remove(SETUP_INTENT_KEY);
      return { intent };
    },
    'setup-intent:clear': async () => {
      await area.remove(SETUP_INTENT_KEY);
      return { ok: true };
    },
  };
}
