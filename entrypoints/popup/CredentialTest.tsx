import { useEffect, useRef, useState } from 'preact/hooks';
import type { CredentialProblem } from '@/contract/credential';
import { takeCredential } from '@/utils/password/take';
import { snake, t } from '@/utils/i18n/translate';

/**
 * The optional login test. The password lives only in this input until the button is pressed; it is
 * handed to `onTest` once and the field is cleared at once, before any answer. A credential that
 * breaks the shared rule (contract/credential.ts: control characters, line breaks, length) is refused
 * here with the reason, before anything is sent; the native host applies the same rule again.
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
  // The profile's user name arrives after the first paint (or changes when it is saved elsewhere):
  // the box follows it, while the section stays as the person left it (open, a password typed).
  const shownUser = useRef(user);
  useEffect(() => {
    if (shownUser.current === user) return;
    shownUser.current = user;
    setName(user);
  }, [user]);
  const [problem, setProblem] = useState<CredentialProblem | null>(null);
  const pw = useRef<HTMLInputElement>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!pw.current) return;
    const { credential, problem: found } = takeCredential(pw.current, name);
    setProblem(found);
    if (credential) onTest(credential.user, credential.password);
  };
  return (
    <details class="m2k-cred">
      <summary>{t('popup_cred_title')}</summary>
      <form onSubmit={submit} autocomplete="off">
        <p class="m2k-note">{t('popup_cred_note')}</p>
        <label for="m2k-cred-user">{t('popup_cred_user')}</label>
        <input
          id="m2k-cred-user"
          data-testid="m2k-cred-user"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          autocomplete="username"
          aria-invalid={problem?.startsWith('user-') ? 'true' : undefined}
          aria-describedby={problem ? 'm2k-cred-problem' : undefined}
        />
        <label for="m2k-cred-password">{t('popup_cred_password')}</label>
        <input
          id="m2k-cred-password"
          data-testid="m2k-cred-password"
          type="password"
          ref={pw}
          autocomplete="off"
          aria-invalid={problem?.startsWith('password-') ? 'true' : undefined}
          aria-describedby={problem ? 'm2k-cred-problem' : undefined}
        />
        <button type="submit" data-testid="m2k-cred-test" disabled={disabled}>
          {t('popup_cred_test')}
        </button>
        {problem && (
          <p id="m2k-cred-problem" class="m2k-error" data-testid="m2k-cred-problem" data-problem={problem} role="alert">
            {t(`popup_cred_problem_${snake(problem)}`)}
          </p>
        )}
      </form>
      {outcome && (
        <p class={`m2k-cred-result m2k-${outcome}`} data-testid="m2k-cred-result" data-outcome={outcome} role="status">
          {t(`popup_cred_${outcome}`)}
        </p>
      )}
    </details>
  );
}
