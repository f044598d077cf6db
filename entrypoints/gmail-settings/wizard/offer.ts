/**
 * The flow in a window no setup is bound to: offer "Fill Mail2000 settings", compare an "edit info"
 * form, or explain Gmail's error on a Mail2000 account set up by hand.
 */
import { WIZARD_TEXTS } from '@/utils/gmail/labels';
import { locatePopStep } from '@/utils/gmail/locator';
import { findButton } from '@/utils/page/fields';
import { normalizeText } from '@/utils/page/text';
import { readPopSettings } from './pop-step';
import { detectStep, readWizardError, type DetectedStep } from './steps';
import { editInfo } from './edit-info';
import { explainError } from './gmail-error';
import { fillWithIntent } from './fill';
import type { WizardDeps, WizardOutcome } from './status';

export async function withoutIntent(deps: WizardDeps, d: DetectedStep): Promise<WizardOutcome> {
  const { t } = deps;
  if (d.step === 'pop' && !findButton(d.scope, WIZARD_TEXTS.addAccount)) return editInfo(deps, d);
  if (d.step === 'pop' && readWizardError(deps.doc)) {
    // Set up by hand (or the intent expired while the person typed): still explain a Mail2000 error.
    const profile = await deps.loadProfile();
    const server = readPopSettings(locatePopStep(d.scope).fields).server;
    if (normalizeText(server) === normalizeText(profile.host)) return explainError(deps, d, profile);
  }
  if (d.step === 'sendAs') return 'silent'; // Nothing of ours to offer on the last question.
  deps.show({
    state: 'offer',
    step: d.step,
    message: t('wiz_offer'),
    action: {
      testId: 'm2k-wizard-fill',
      label: t('wiz_fill_button'),
      run: async () => {
        await deps.setIntent();
        const again = detectStep(deps.doc);
        if (again) await fillWithIntent(deps, again);
      },
    },
  });
  return 'offer';
}
