/**
 * The content script's part in a window Gmail's page opened: Gmail's own "Add a mail account"
 * window, the "edit info" window (the same POP settings form), or any other (a compose pop-out).
 * The route follower (gmail.content/follow.ts) loads this code in every such window; the logic is
 * in run.ts, which does nothing on a page that is neither a wizard step nor a bound setup's window.
 * This file connects it to the browser: the background's setup bound to this tab (binding.ts),
 * the stored profile, the translated strings and the note in a shadow root.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { t } from '@/utils/i18n/translate';
import { sendToBackground } from '@/utils/messaging/runtime';
import { createSend, orNull } from '@/utils/messaging/send';
import { NO_PROFILE } from '@/utils/profile/seed';
import { copyText } from '@/utils/page/clipboard';
import type { WizardStep } from './steps';
import { runWizard } from './run';
import type { WizardDeps } from './status';
import { mountWizardUi } from './note';
import { setupBinding, type SetupIntentApi } from './binding';

// No answer (the background is restarting, the extension was reloaded) means: behave as without a setup.
const send = createSend(sendToBackground);

const backgroundSetup: SetupIntentApi = {
  get: async (claim) => (await orNull(send('setup-intent:get', { claim })))?.setup ?? null,
  ask: async () => void (await orNull(send('setup-intent:ask'))),
  end: async () => void (await orNull(send('setup-intent:end'))),
};

const SUBMITTED_KEY = 'm2k-wizard-submitted';

/**
 * The steps we pressed Next on, kept in this window's sessionStorage: it survives the page loads
 * between steps and dies with the window. It holds step names only, nothing about the account, and
 * is no boundary: a forged list can only keep us from pressing Next (whether a window fills at
 * all is the background's setup, binding.ts).
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
 * setup is bound to this window's tab (binding.ts; or offers a "Fill Mail2000 settings" button when not),
 * and shows a status note in a shadow root. Never types a password and never presses "Add Account". Everything it
 * starts is tied to `ctx`.
 */
export async function startWizard(ctx: ContentScriptContext): Promise<void> {
  const doc = document;
  let ui: ReturnType<typeof mountWizardUi> | null = null;
  ctx.onInvalidated(() => ui?.remove());
  const binding = setupBinding(backgroundSetup);
  const copy = copyText;
  const outcome = await runWizard({
    doc,
    t,
    show: (status) => {
      if (ctx.isInvalid) return;
      ui ??= mountWizardUi(doc, t, copy);
      ui.show(status);
    },
    hasIntent: (step) => binding.active(step ?? null),
    takeIntent: () => binding.end(),
    setIntent: () => binding.ask(),
    askedHere: () => binding.asked(),
    loadProfile: async () => (await orNull(send('profile:get')))?.profile ?? NO_PROFILE,
    submitted: submittedSteps(window),
    paint: () => paint(window),
  });
  // A visible mark of what it decided, like the content script's own mark that it runs: support
  // questions and the tests read it; once it is there, nothing more happens in this page.
  if (!ctx.isInvalid) doc.documentElement.dataset.m2kWizard = outcome;
}
