/** The flow after "Add Account" failed: Gmail's error on the page, explained. */
import type { Profile } from '@/utils/profile/schema';
import { findingTexts } from '@/utils/audit/texts';
import { matchGmailError } from '@/utils/audit/gmail-errors';
import { locatePopStep } from '@/utils/gmail/locator';
import { readWizardError, type DetectedStep } from './steps';
import type { WizardDeps, WizardOutcome } from './status';

/** Gmail's error after "Add Account", as a cause and a fix in the person's language (utils/audit). */
export function explainError(deps: WizardDeps, d: DetectedStep, profile: Profile): WizardOutcome {
  const { t } = deps;
  const m = matchGmailError(readWizardError(deps.doc));
  const texts = m ? findingTexts(m.code, t, { host: profile.host, label: profile.labelName, month: '' }) : null;
  deps.show({
    state: 'error',
    step: 'pop',
    message: texts ? texts.title : t('wiz_error_unknown'),
    details: texts ? [texts.cause, texts.fix] : [],
  });
  (locatePopStep(d.scope).fields.password?.el as HTMLInputElement | undefined)?.focus();
  return 'error';
}
