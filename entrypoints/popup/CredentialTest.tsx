import { useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n/translate';

/**
 * The optional login test. The password lives only in this input until the button is pressed; it is
 * handed to `onTest` once and the field is cleared at once, before any answer.
 */
export function CredentialTest({
  user,
  disabled,
  outcome,
  onTest,
}: {
  user: string;
  disabled: boolean;
  outcome: 'accepted' | 'rejected' | 'unknown' | undefined;
  onTest: (user: string, password: string) => void;
}) {
  const [name, setName] = useState(user);
  const pw = useRef<HTMLInputElement>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const input = pw.current;
    if (!input || !input.value || !name.trim()) return;
    const password = input.value;
    input.value = '';
    onTest(name.trim(), password);
  };
  return (
    <details class="m2k-cred">
      <summary>{t('popup_cred_title')}</summary>
      <form onSubmit={submit} autocomplete="off">
        <p class="m2k-note">{t('popup_cred_note')}</p>
        <label for="m2k-cred-user">{t('popup_cred_user')}</label>
        <input id="m2k-cred-user" data-testid="m2k-cred-user" value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="username" />
        <label for="m2k-cred-password">{t('popup_cred_password')}</label>
        <input id="m2k-cred-password" data-testid="m2k-cred-password" type="password" ref={pw} autocomplete="off" />
        <button type="submit" data-testid="m2k-cred-test" disabled={disabled}>
          {t('popup_cred_test')}
        </button>
      </form>
      {outcome && (
        <p class={`m2k-cred-result m2k-${outcome}`} data-testid="m2k-cred-result" data-outcome={outcome} role="status">
          {t(`popup_cred_${outcome}`)}
        </p>
      )}
    </details>
  );
}
