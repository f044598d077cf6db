/**
 * The profile form's two everyday sections: the Mail2000 account (address, user name, POP port and
 * what it means, keep a copy) and what Gmail does with the mail (label, archive, send as). Apart
 * from the form around them (ProfileForm.tsx: advanced settings, confirmation, save), each section
 * is only its fields, bound to the editor (use-profile-editor.ts) and marked by the policy.
 */
import { t } from '@/utils/i18n/translate';
import { effectiveUsername } from '@/utils/profile/schema';
import { isLocked, type ManagedPolicy } from '@/utils/profile/managed';
import { CheckboxField, TextField } from '@/components/fields';
import { policyMark } from './policy-mark';
import type { ProfileEditor } from './use-profile-editor';

interface Props {
  editor: ProfileEditor;
  policy: ManagedPolicy;
}

export function AccountFields({ editor, policy }: Props) {
  const { draft, update, err, field, text, check } = editor;
  const managed = policyMark(policy);
  // What the chosen port means; for any other value the error message says what is allowed.
  const pop = draft.popPort.trim();
  const popHint =
    pop === '995'
      ? t('opt_pop_port_hint_ssl')
      : pop === '110'
        ? t('opt_pop_port_hint_110')
        : err('popPort')
          ? undefined
          : t('opt_pop_port_hint_plain');

  return (
    <fieldset>
      <legend>{t('opt_section_account')}</legend>
      <TextField
        {...text('address')}
        type="email"
        inputMode="email"
        label={t('opt_address')}
        testId="m2k-opt-address"
        placeholder="alice@mail.au.edu.tw"
        autoComplete="email"
        hint={t('opt_address_hint')}
      />
      <TextField
        {...text('username')}
        label={t('opt_username')}
        testId="m2k-opt-username"
        placeholder={effectiveUsername({ address: draft.address, username: '' }) || 'alice'}
        autoComplete="username"
        hint={t('opt_username_hint')}
      />
      <TextField
        {...field('popPort')}
        label={t('opt_pop_port')}
        testId="m2k-opt-port"
        value={draft.popPort}
        inputMode="numeric"
        list="m2k-pop-ports"
        size={6}
        onValue={(v) => update({ popPort: v })}
        {...managed('popPort', popHint)}
      />
      {pop === '110' ? (
        // The audit's own finding for a plain-text fetch, next to the port that causes it.
        <div class="m2k-notice" role="note" data-testid="m2k-opt-not-secure" data-code="not-secure">
          <strong>{t('audit_not_secure_title')}</strong>
          <p>{t('audit_not_secure_cause')}</p>
          <p>{t('audit_not_secure_fix')}</p>
        </div>
      ) : null}
      <datalist id="m2k-pop-ports">
        <option value="995" />
        <option value="110" />
      </datalist>
      <CheckboxField {...check('keepCopy')} label={t('opt_keepcopy')} {...managed('keepCopy', t('opt_keepcopy_hint'))} />
    </fieldset>
  );
}

export function GmailFields({ editor, policy }: Props) {
  const { draft, text, check } = editor;
  const managed = policyMark(policy);
  return (
    <fieldset>
      <legend>{t('opt_section_gmail')}</legend>
      <CheckboxField {...check('label')} label={t('opt_label')} {...managed('label')} />
      <TextField
        {...text('labelName')}
        label={t('opt_label_name')}
        testId="m2k-opt-label-name"
        {...managed('labelName')}
        disabled={!draft.label || isLocked(policy, 'labelName')}
      />
      <CheckboxField {...check('archive')} label={t('opt_archive')} {...managed('archive', t('opt_archive_hint'))} />
      <CheckboxField {...check('sendAs')} label={t('opt_sendas')} {...managed('sendAs', t('opt_sendas_hint'))} />
    </fieldset>
  );
}
