/**
 * What the content script does in one page of Gmail's "Add a mail account" window. Each step is a
 * new page load, so this runs once per page: recognise the step, then
 *  - in the window the panel's setup is bound to (binding.ts): fill the step and press Next (steps
 *    1, 2, 4), or fill step 3 and leave the password and "Add Account" to the person; a page that is
 *    not a known step, or a step with fields missing, still gets the note, with the settings to type
 *    by hand and "Copy page structure". Never an "edit info" form, and never a POP form for another
 *    server unless the person asked in this window;
 *  - elsewhere: offer a "Fill Mail2000 settings" button, or, in "edit info", list what differs
 *    from the profile and offer to correct it.
 * Browser APIs come in through `WizardDeps`, so the same code runs in tests on fixture pages.
 */
import { detectStep } from './steps';
import { fillWithIntent } from './fill';
import { withoutIntent } from './offer';
import { unrecognised } from './unrecognised';
import type { WizardDeps, WizardOutcome } from './status';

/** Runs the helper on the current page; returns what it ended up showing (for tests and logs). */
export async function runWizard(deps: WizardDeps): Promise<WizardOutcome> {
  const detected = detectStep(deps.doc);
  const inSetup = await deps.hasIntent(detected?.step ?? null);
  if (!detected) return inSetup ? unrecognised(deps) : 'not-a-wizard-step';
  if (inSetup) return fillWithIntent(deps, detected);
  // No flow is running in this window (any more): a later setup in a reused window starts afresh.
  deps.submitted.clear();
  return withoutIntent(deps, detected);
}
