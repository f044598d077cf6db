/**
 * Which window a setup belongs to, as the wizard's pages see it. The binding itself lives in the
 * background, keyed by this window's tab (entrypoints/background/setup-intent.ts): the first page
 * of the window Gmail opens for the panel's "Set up" (the wizard's email step, or a page we do not
 * recognise) claims the pending setup, every later page of that window asks for its tab's setup,
 * and the person's "Fill Mail2000 settings" binds the window it was pressed in. Nothing is kept in
 * the page (its storage is the page's to write): a forged mark there binds nothing. "edit info"
 * windows open on the POP step and so never claim the panel's setup.
 */
import type { WizardStep } from './steps';

/** The background's side, as messages (start.ts); null answers mean "no setup here". */
export interface SetupIntentApi {
  get(claim: boolean): Promise<{ asked: boolean } | null>;
  ask(): Promise<void>;
  end(): Promise<void>;
}

export interface SetupBinding {
  /** Is a setup running in this window? On a step that can begin one, claims the panel's pending setup. */
  active(step: WizardStep | null): Promise<boolean>;
  /** The person asked for the fill in this window: it runs here from now on. */
  ask(): Promise<void>;
  /** Did the person ask in this window (known after `active` or `ask`)? */
  asked(): boolean;
  /** The flow is finished here. */
  end(): Promise<void>;
}

export function setupBinding(api: SetupIntentApi): SetupBinding {
  let asked = false;
  return {
    async active(step) {
      // Gmail's "Add a mail account" window opens on the email step; "edit info" opens on the POP step.
      const setup = await api.get(step === 'email' || step === null);
      asked = setup?.asked === true;
      return setup !== null;
    },
    async ask() {
      asked = true;
      await api.ask();
    },
    asked: () => asked,
    end: () => api.end(),
  };
}
