/**
 * The flow for an existing account's "edit info" form (step 3 with "Save Changes"): compare it with
 * the profile and offer to correct what differs; never filled on its own.
 */
import type { Translate } from '@/utils/i18n/translate';
import { locatePopStep } from '@/utils/gmail/locator';
import { normalizeText } from '@/utils/page/text';
import { desiredPopSettings, diffPopSettings, fillPopStep, readPopSettings, type PopDifference } from './pop-step';
import type { DetectedStep } from './steps';
import { fieldNames, labelHooks, notAppliedDetails, showMissing, type WizardDeps, type WizardOutcome } from './status';

/** "edit info" opens the step-3 form with the stored settings and "Save Changes" instead of "Add Account". */
export async function editInfo(deps: WizardDeps, d: DetectedStep): Promise<WizardOutcome> {
  const { t } = deps;
  const profile = await deps.loadProfile();
  const located = locatePopStep(d.scope);
  const current = readPopSettings(located.fields);
  // Only a Mail2000 account is ours to compare; other accounts' windows stay untouched.
  if (normalizeText(current.server) !== normalizeText(profile.host)) return 'silent';
  const wanted = desiredPopSettings(profile);
  const diffs = diffPopSettings(current, wanted).filter((x) => x.key !== 'labelName' || current.label);
  if (located.missing.length) return showMissing(deps, d.step, located.missing);
  if (!diffs.length) {
    deps.show({ state: 'compare', step: 'pop', message: t('wiz_compare_same') });
    return 'compare';
  }
  deps.show({
    state: 'compare',
    step: 'pop',
    message: t('wiz_compare_diff'),
    details: diffs.map((x) => describeDiff(t, x)),
    action: {
      testId: 'm2k-wizard-correct',
      label: t('wiz_correct_button'),
      run: async () => {
        const again = locatePopStep(d.scope);
        if (again.missing.length) {
          showMissing(deps, 'pop', again.missing);
          return;
        }
        const res = await fillPopStep(again.fields, wanted, labelHooks(deps));
        (again.fields.password?.el as HTMLInputElement | undefined)?.focus();
        deps.show({
          state: 'corrected',
          step: 'pop',
          message: t('wiz_corrected'),
          details: notAppliedDetails(deps, res, wanted.labelName),
        });
      },
    },
  });
  return 'compare';
}

function describeDiff(t: Translate, d: PopDifference): string {
  const show = (v: PopDifference['current']): string =>
    typeof v === 'boolean' ? t(v ? 'wiz_on' : 'wiz_off') : v === null || v === '' ? t('wiz_none') : String(v);
  return t('wiz_diff_item', [fieldNames(t, [d.key]), show(d.current), show(d.wanted)]);
}
