/**
 * What the organisation's policy does to this page: which settings it sets (and locks), and every
 * value of it that was ignored, one line each, so IT staff can see at a glance what to fix.
 */
import { t } from '@/utils/i18n/translate';
import type { ManagedPolicy } from '@/utils/profile/managed';

interface Props {
  policy: ManagedPolicy;
  /** The form's own name for a profile field (`popPort`, `ports.pop3s`), or undefined for anything else. */
  labelOf: (field: string) => string | undefined;
}

export function PolicyNotice({ policy, labelOf }: Props) {
  if (policy.paths.length === 0 && !policy.locked && policy.problems.length === 0) return null;
  const named = (path: string) => {
    const label = labelOf(path.replace(/^profile\./, ''));
    return label ? `${label} (${path})` : path;
  };
  // Chrome and Edge drop the whole `profile` when one value has the wrong type: a lock with nothing
  // to lock is the one trace of that the extension can see.
  const nothingArrived = policy.locked && policy.paths.length === 0;
  return (
    <div class="m2k-notice m2k-policy" role="status" data-testid="m2k-opt-managed" data-locked={String(policy.locked)}>
      {policy.paths.length > 0 && <p>{policy.locked ? t('opt_managed_locked') : t('opt_managed')}</p>}
      {nothingArrived && <p data-testid="m2k-opt-policy-empty">{t('opt_policy_locked_empty')}</p>}
      {policy.problems.length > 0 && (
        <>
          <p>{t('opt_policy_problems')}</p>
          <ul data-testid="m2k-opt-policy-problems">
            {policy.problems.map((p) => (
              <li key={p.path} data-testid="m2k-opt-policy-problem" data-path={p.path} data-reason={p.reason}>
                {t(p.reason === 'unknown' ? 'opt_policy_unknown' : 'opt_policy_invalid', [named(p.path), p.value])}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
