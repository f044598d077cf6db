/**
 * The profile form: its sections (ProfileFields.tsx), the advanced server settings, the
 * confirmation a move to plain text needs, and Save with what became of it. The form's state and
 * its rules are the editor's (use-profile-editor.ts); this is what the person sees and presses.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '@/utils/i18n/translate';
import { SERVICES } from '@/contract/mail2000';
import type { Profile } from '@/utils/profile/schema';
import type { ManagedPolicy } from '@/utils/profile/managed';
import { TextField } from '@/components/fields';
import { AccountFields, GmailFields } from './ProfileFields';
import { policyMark } from './policy-mark';
import type { ProfileEditor } from './use-profile-editor';

/**
 * Leaving a field shows its message, which moves everything below it. If a mouse press on Save (or
 * on "Advanced") took the focus, that message would push the button away between press and release
 * and the click would be lost. Keeping the focus where it is avoids the jump; the keyboard is unaffected.
 */
const keepFocus = (e: MouseEvent) => e.preventDefault();

/** The question before a profile on 110 is saved; plain text is never saved on one press. */
function PlainConfirm({ pending, editor }: { pending: Profile; editor: ProfileEditor }) {
  /** The confirmation takes the focus on its safe choice, so a keyboard user lands in it. */
  const plainNo = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    plainNo.current?.focus();
  }, [pending]);
  return (
    <div class="m2k-notice" role="alertdialog" aria-labelledby="m2k-plain-title" data-testid="m2k-opt-plain-confirm">
      <h2 id="m2k-plain-title">{t('opt_plain_confirm_title')}</h2>
      <p>{t('opt_plain_confirm_body')}</p>
      <button type="button" data-testid="m2k-opt-plain-no" ref={plainNo} onClick={() => editor.update({ popPort: '995' })}>
        {t('opt_plain_confirm_no')}
      </button>{' '}
      <button type="button" data-testid="m2k-opt-plain-yes" onClick={() => void editor.save(pending)}>
        {t('opt_plain_confirm_yes')}
      </button>
    </div>
  );
}

export function ProfileForm({ editor, policy }: { editor: ProfileEditor; policy: ManagedPolicy }) {
  const { draft, status, advancedOpen, setAdvancedOpen, plainPending, formRef, updatePort, onSubmit, field, text } = editor;
  const managed = policyMark(policy);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <AccountFields editor={editor} policy={policy} />
      <GmailFields editor={editor} policy={policy} />

      <details open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)} data-testid="m2k-opt-advanced">
        <summary onMouseDown={keepFocus}>{t('opt_advanced')}</summary>
        <p class="m2k-hint">{t('opt_advanced_hint')}</p>
        <TextField {...text('host')} label={t('opt_host')} testId="m2k-opt-host" placeholder="mail.au.edu.tw" {...managed('host')} />
        <div class="m2k-ports">
          {SERVICES.map((s) => (
            <TextField
              key={s}
              {...field(`ports.${s}`)}
              label={t(`opt_port_${s}`)}
              testId={`m2k-opt-port-${s}`}
              value={draft.ports[s]}
              inputMode="numeric"
              size={6}
              onValue={(v) => updatePort(s, v)}
              {...managed(`ports.${s}`)}
            />
          ))}
        </div>
      </details>

      {plainPending ? <PlainConfirm pending={plainPending} editor={editor} /> : null}

      <div class="m2k-actions">
        <button type="submit" data-testid="m2k-opt-save" onMouseDown={keepFocus}>
          {t('opt_save')}
        </button>
        <p class="m2k-status" role="status" aria-live="polite" data-testid="m2k-opt-status">
          {status.kind === 'saved' ? <span data-testid="m2k-opt-saved">{t('opt_saved')}</span> : null}
          {status.kind === 'refused' ? t('opt_refused') : null}
          {status.kind === 'failed' ? t('opt_save_failed') : null}
        </p>
      </div>
    </form>
  );
}
