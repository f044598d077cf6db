/**
 * Which window a setup belongs to. The panel's "Set up" leaves a short-lived intent in the
 * background; the first page of the window Gmail opens for it (the wizard's email step, or a page
 * we do not recognise) takes that intent and marks its own window. From then on only that window
 * fills: the mark lives in the window's sessionStorage, so it survives Gmail's page loads between
 * steps and ends with the window, or when the flow finishes. Other windows, "edit info" windows
 * in particular (they open on the POP step), can never take it.
 */
import type { WizardStep } from './steps';

export const SETUP_MARK_KEY = 'm2k-setup';
/** A bound setup ends by itself after this long, whatever happens to the window. */
export const SETUP_MARK_TTL_MS = 30 * 60 * 1000;

export interface WindowStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface Mark {
  at: number;
  /** The person pressed "Fill Mail2000 settings" in this window. */
  asked: boolean;
}

export interface SetupBinding {
  /** Is a setup running in this window? On a step that can begin one, takes the panel's intent. */
  active(step: WizardStep | null): Promise<boolean>;
  /** The person asked for the fill in this window: it runs here from now on. */
  ask(): void;
  asked(): boolean;
  /** The flow is finished here. */
  end(): void;
}

export function setupBinding(store: WindowStore, takeIntent: () => Promise<boolean>, now: () => number = Date.now): SetupBinding {
  const read = (): Mark | null => {
    try {
      const v = JSON.parse(store.getItem(SETUP_MARK_KEY) ?? 'null') as Partial<Mark> | null;
      if (!v || typeof v.at !== 'number') return null;
      const age = now() - v.at;
      if (age < 0 || age > SETUP_MARK_TTL_MS) {
        store.removeItem(SETUP_MARK_KEY);
        return null;
      }
      return { at: v.at, asked: v.asked === true };
    } catch {
      return null;
    }
  };
  const write = (m: Mark): void => {
    try {
      store.setItem(SETUP_MARK_KEY, JSON.stringify(m));
    } catch {
      // Storage blocked: this page still fills; the next one will not (it asks the person again).
    }
  };
  return {
    async active(step) {
      if (read()) return true;
      // Gmail's "Add a mail account" window opens on the email step; "edit info" opens on the POP
      // step and so can never take the panel's intent.
      if (step !== 'email' && step !== null) return false;
      if (!(await takeIntent())) return false;
      write({ at: now(), asked: false });
      return true;
    },
    ask() {
      write({ at: read()?.at ?? now(), asked: true });
    },
    asked: () => read()?.asked === true,
    end: () => store.removeItem(SETUP_MARK_KEY),
  };
}

/** A setup mark in this window, read without asking anyone (the entry's cheap first check). */
export const hasSetupMark = (store: WindowStore | null): boolean => !!store?.getItem(SETUP_MARK_KEY);
