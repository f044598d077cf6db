/**
 * A form field the organisation's policy sets: marked so next to its hint, and not editable while
 * the policy locks it. One function for every field, so each field of the form says it the same
 * way; the page-wide account of the policy is PolicyNotice.tsx.
 */
import { t } from '@/utils/i18n/translate';
import { isLocked, type ManagedPath, type ManagedPolicy } from '@/utils/profile/managed';

/** The props a field takes for `path`: its hint, with the policy's mark and lock when the policy sets it. */
export const policyMark = (policy: ManagedPolicy) => (path: ManagedPath, hint?: string) =>
  policy.paths.includes(path)
    ? {
        disabled: isLocked(policy, path),
        hint: (
          <>
            <span class="m2k-managed" data-testid="m2k-opt-managed-field" data-field={path} data-locked={String(isLocked(policy, path))}>
              {isLocked(policy, path) ? t('opt_managed_field_locked') : t('opt_managed_field')}
            </span>
            {hint ? ` ${hint}` : null}
          </>
        ),
      }
    : { hint };
