/**
 * The content script's part in Gmail's own "Add a mail account" window (and the "edit info" window,
 * which shows the same POP settings form). The entry (index.ts, owned by the panel) calls
 * `isWizardWindow` first and, when it is true, `startWizard`. The logic is in
 * run.ts; this file connects it to the browser: the background's setup intent,
 * the stored profile, the translated strings and the note in a shadow root.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { t } from '@/utils/i18n/translate';
import { sendToBackground } from '@/utils/messaging/runtime';
import { createSend, orNull } from '@/utils/messaging/send';
import { NO_PROFILE } from '@/utils/profile/seed';
import { detectStep, type WizardStep } from './steps';
import { runWizard, type WizardDeps } from './run';
import { mountWizardUi } from './note';
import { hasSetupMark, setupBinding } from './binding';

/**
 * Is this document Gmail's account wizard popup? Cheap on purpose: the entry may call it on every
 * mail.google.com page. The wizard is always a window.open() popup, so a window without an opener
 * is rejected before the DOM is looked at; then the page must show one of the wizard's steps.
 * Call it once the document has been parsed (document_idle, or after DOMContentLoaded).
 */
export function isWizardWindow(doc: Document, win: Window): boolean {
  if (!win.opener) return false;
  return detectStep(doc) !== null || hasSetupMark(storageOf(win));
}

// No answer (the background is restarting, the extension was reloaded) means: behave as without an intent.
const send = createSend(sendToBackground);

/** The window's sessionStorage, or null where the page's settings block it. */
const storageOf = (win: Window): Storage | null => {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
};

/** Storage that keeps nothing: the setup then binds to no window, and nothing fills by itself. */
const NO_STORE = { getItem: () => null, setItem: () => undefined, removeItem: () => undefined };

const takeIntent = async (): Promise<boolean> => {
  // The background answers null once the intent is older than SETUP_INTENT_TTL_MS (setup-intent.ts).
  const reply = await orNull(send('setup-intent:take'));
  return reply?.intent != null;
};

const SUBMITTED_KEY = 'm2k-wizard-submitted';

/**
 * The steps we pressed Next on, kept in this window's sessionStorage: it survives the page loads
 * between steps and dies with the window. It holds step names only, nothing about the account.
 */
const submittedSteps = (win: Window): WizardDeps['submitted'] => {
  const read = (): WizardStep[] => {
    try {
      const v: unknown = JSON.parse(win.sessionStorage.getItem(SUBMITTED_KEY) ?? '[]');
      return Array.isArray(v) ? (v.filter((s) => typeof s === 'string') as WizardStep[]) : [];
    } catch {
      return [];
    }
  };
  return {
    has: (step) => read().includes(step),
    add: (step) => {
      try {
        win.sessionStorage.setItem(SUBMITTED_KEY, JSON.stringify([...new Set([...read(), step])]));
      } catch {
        // Storage blocked: we may then press Next again on a refused step, once per page load.
      }
    },
    clear: () => {
      try {
        win.sessionStorage.removeItem(SUBMITTED_KEY);
      } catch {
        // Nothing stored then either.
      }
    },
  };
};

/**
 * A frame and a little: enough for the note to be painted before Gmail's blocking prompt appears.
 * Hidden windows get no animation frames, so a timer ends the wait regardless.
 */
const paint = (win: Window): Promise<void> =>
  new Promise((resolve) => {
    const fallback = win.setTimeout(resolve, 200);
    win.requestAnimationFrame(() =>
      win.setTimeout(() => {
        win.clearTimeout(fallback);
        resolve();
      }, 30),
    );
  });

/**
 * Runs the wizard helper in this window: recognises the step on the page, fills it when the panel's
 * setup is bound to this window (binding.ts; or offers a "Fill Mail2000 settings" button when not),
 * and shows a status note in a shadow root. Never types a password and never presses "Add Account". Everything it
 * starts is tied to `ctx`.
 */
export async function startWizard(ctx: ContentScriptContext): Promise<void> {
  const doc = document;
  let ui: ReturnType<typeof mountWizardUi> | null = null;
  ctx.onInvalidated(() => ui?.remove());
  const binding = setupBinding(storageOf(window) ?? NO_STORE, takeIntent);
  const copy = async (text: string): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  };
  await runWizard({
    doc,
    t,
    show: (status) => {
      if (ctx.isInvalid) return;
      ui ??= mountWizardUi(doc, t, copy);
      ui.show(status);
    },
    hasIntent: (step) => binding.active(step ?? null),
    takeIntent: async () => binding.end(),
    setIntent: async () => binding.ask(),
    askedHere: () => binding.asked(),
    loadProfile: async () => (await orNull(send('profile:get')))?.profile ?? NO_PROFILE,
    submitted: submittedSteps(window),
    paint: () => paint(window),
  });
}
