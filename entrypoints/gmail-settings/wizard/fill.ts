/**
 * The flow in the window the panel's setup is bound to: fill each step and press Next (steps 1, 2
 * and 4), or fill step 3 and leave the password and "Add Account" to the person. Never a POP form
 * for another server unless the person asked in this window.
 */
import type { Profile } from '@/utils/profile/schema';
import { WIZARD_TEXTS } from '@/utils/gmail/labels';
import { locateEmailStep, locateKindStep, locatePopStep, locateSendAsStep } from '@/utils/gmail/locator';
import { findButton, type LocateResult } from '@/utils/page/fields';
import { normalizeText } from '@/utils/page/text';
import { chooseRadio, setTextValue } from '@/utils/page/fill';
import { manualSettings } from '../manual';
import { desiredPopSettings, fillPopStep, readPopSettings } from './pop-step';
import { readWizardError, type DetectedStep } from './steps';
import { editInfo } from './edit-info';
import { explainError } from './gmail-error';
import { fieldNames, labelHooks, notAppliedDetails, showMissing, type WizardDeps, type WizardOutcome } from './status';

/**
 * Is the POP form's server the profile's, or Gmail's guess from the profile's address (Gmail
 * pre-fills "pop.<domain>" or "<domain>" from the address typed on the first step)?
 */
export function isOwnServer(server: string, profile: Profile): boolean {
  const s = normalizeText(server);
  if (!s) return true;
  const domain = normalizeText(profile.address.split('@')[1] ?? '');
  const host = normalizeText(profile.host);
  return [host, `pop.${host}`, domain, `pop.${domain}`].filter((x) => x && x !== 'pop.').includes(s);
}

/** Presses the step's Next button; false (and says so) when it cannot be identified. */
function pressNext(deps: WizardDeps, d: DetectedStep): boolean {
  const next = findButton(d.scope, WIZARD_TEXTS.next) ?? findButton(deps.doc, WIZARD_TEXTS.next);
  // Belt and braces: whatever the page calls its buttons, "Add Account" is the person's to press.
  if (!next || next === findButton(deps.doc, WIZARD_TEXTS.addAccount)) {
    showMissing(deps, d.step, ['next']);
    return false;
  }
  deps.submitted.add(d.step);
  next.click();
  return true;
}

export async function fillWithIntent(deps: WizardDeps, d: DetectedStep): Promise<WizardOutcome> {
  const { t } = deps;
  const profile = await deps.loadProfile();
  if (!profile.address) {
    deps.show({ state: 'no-profile', step: d.step, message: t('wiz_no_profile') });
    return 'no-profile';
  }
  const again = d.step !== 'pop' && deps.submitted.has(d.step);
  const missingOr = <K extends string>(r: LocateResult<K>): WizardOutcome | null =>
    r.missing.length ? showMissing(deps, d.step, r.missing, r.contested, profile) : null;

  switch (d.step) {
    case 'email': {
      const r = locateEmailStep(d.scope);
      const stop = missingOr(r);
      if (stop) return stop;
      deps.show({ state: 'working', step: d.step, message: t('wiz_filling') });
      setTextValue(r.fields.address!.el as HTMLInputElement, profile.address);
      break;
    }
    case 'kind': {
      const r = locateKindStep(d.scope);
      const stop = missingOr(r);
      if (stop) return stop;
      deps.show({ state: 'working', step: d.step, message: t('wiz_filling') });
      chooseRadio(r.fields.pop!.el as HTMLInputElement);
      break;
    }
    case 'pop':
      // "edit info" (no "Add Account"): compare and offer to correct, never fill on its own.
      if (!findButton(d.scope, WIZARD_TEXTS.addAccount)) return editInfo(deps, d);
      return fillPop(deps, d, profile);
    case 'sendAs': {
      const r = locateSendAsStep(d.scope);
      const stop = missingOr(r);
      if (stop) return stop;
      chooseRadio((profile.sendAs ? r.fields.yes : r.fields.no)!.el as HTMLInputElement);
      // The fetch account exists now: the setup is finished and the intent used up.
      await deps.takeIntent();
      deps.submitted.clear();
      deps.show({ state: 'done', step: d.step, message: t(profile.sendAs ? 'wiz_send_as_yes' : 'wiz_send_as_no') });
      if (!again) pressNext(deps, d);
      return 'done';
    }
  }
  if (again) {
    deps.show({ state: 'repeat', step: d.step, message: t('wiz_repeat') });
    return 'repeat';
  }
  return pressNext(deps, d) ? 'working' : 'missing';
}

async function fillPop(deps: WizardDeps, d: DetectedStep, profile: Profile): Promise<WizardOutcome> {
  const { t } = deps;
  const located = locatePopStep(d.scope);
  const password = located.fields.password?.el as HTMLInputElement | undefined;
  // After "Add Account" failed Gmail shows the form again with an error: explain it, keep the
  // person's own corrections, and put the cursor back in the password field.
  if (readWizardError(deps.doc)) return explainError(deps, d, profile);
  if (located.missing.length) return showMissing(deps, 'pop', located.missing, located.contested, profile);
  const current = readPopSettings(located.fields);
  if (!isOwnServer(current.server, profile) && !deps.askedHere?.()) {
    // Another server's form: not ours to fill unless the person asks here.
    deps.show({
      state: 'foreign',
      step: 'pop',
      message: t('wiz_foreign_server', [current.server, profile.host]),
      action: {
        testId: 'm2k-wizard-fill',
        label: t('wiz_fill_button'),
        run: async () => {
          await deps.setIntent();
          await fillPop(deps, d, profile);
        },
      },
    });
    return 'foreign';
  }
  deps.show({ state: 'working', step: 'pop', message: t('wiz_filling') });
  const wanted = desiredPopSettings(profile);
  const res = await fillPopStep(located.fields, wanted, labelHooks(deps));
  password?.focus();
  const filled = (['username', 'server', 'port', 'ssl', 'leaveCopy', 'label', 'archive'] as const).filter(
    (k) => !res.notApplied.includes(k),
  );
  deps.show({
    state: 'password',
    step: 'pop',
    message: t('wiz_password_left'),
    details: [t('wiz_filled', fieldNames(t, filled)), ...notAppliedDetails(deps, res, wanted.labelName)],
    manual: manualSettings(profile, t),
    snapshot: true,
  });
  return 'password';
}
