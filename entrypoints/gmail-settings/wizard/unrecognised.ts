/** The flow for a page in the setup's window that is none of the steps we know. */
import { manualSettings } from '../manual';
import type { WizardDeps, WizardOutcome } from './status';

/** A page in the setup's window that is none of the steps we know: never silent, never filled. */
export async function unrecognised(deps: WizardDeps): Promise<WizardOutcome> {
  const profile = await deps.loadProfile();
  deps.show({
    state: 'unrecognised',
    step: 'none',
    message: deps.t('wiz_unrecognised'),
    ...(profile.address ? { manual: manualSettings(profile, deps.t) } : {}),
    snapshot: true,
  });
  return 'unrecognised';
}
