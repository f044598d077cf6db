/**
 * Checks a new Mail2000 password against Mail2000's rules while it is typed, offline. The value
 * lives only in this component's state: no storage, no message, no network; there is no form to
 * submit, so no password manager is asked to save it either.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import './PasswordCheck.css';
import { snake, t } from '@/utils/i18n/translate';
import { accountNames, allMet, checkPassword, loadScorer, strengthOfScore, type Scorer } from '@/utils/password/rules';

export function PasswordCheck({ account }: { account: { username?: string; address?: string } }) {
  const [password, setPassword] = useState('');
  const [scorer, setScorer] = useState<Scorer | undefined>();
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    let live = true;
    void loadScorer().then((s) => live && setScorer(() => s));
    return () => {
      live = false;
    };
  }, []);

  const names = accountNames(account);
  const score = useMemo(() => (scorer && password ? scorer(password, names) : undefined), [scorer, password, names.join('\n')]);
  const rules = checkPassword(password, names, score);
  const ok = password.length > 0 && allMet(rules);

  return (
    <section class="m2k-pwcheck" data-testid="m2k-pw-check" aria-labelledby="m2k-pw-title">
      <h2 id="m2k-pw-title">{t('pw_title')}</h2>
      <p class="m2k-pw-note">{t('pw_note')}</p>
      <label for="m2k-pw-input">{t('pw_label')}</label>
      <input
        id="m2k-pw-input"
        data-testid="m2k-pw-input"
        type={visible ? 'text' : 'password'}
        autocomplete="new-password"
        spellcheck={false}
        aria-describedby="m2k-pw-rules m2k-pw-summary"
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <label class="m2k-pw-show">
        <input type="checkbox" checked={visible} onChange={(e) => setVisible(e.currentTarget.checked)} /> {t('pw_show')}
      </label>
      <ul id="m2k-pw-rules" class="m2k-pw-rules">
        {rules.map((r) => (
          <li
            key={r.id}
            data-testid="m2k-pw-rule"
            data-rule={r.id}
            data-met={String(r.met)}
            class={r.met === true ? 'm2k-met' : 'm2k-unmet'}
          >
            <span aria-hidden="true">{r.met === true ? '✓' : r.met === 'pending' ? '…' : '✕'} </span>
            {t(`pw_rule_${snake(r.id)}`)}
            <span class="m2k-sr">{` — ${r.met === true ? t('pw_met') : r.met === 'pending' ? t('pw_pending') : t('pw_unmet')}`}</span>
          </li>
        ))}
      </ul>
      <p id="m2k-pw-summary" data-testid="m2k-pw-summary" data-ok={String(ok)} role="status" aria-live="polite">
        {score !== undefined && t('pw_strength', [t(`pw_strength_${strengthOfScore(score)}`)])}
        {password.length > 0 && (ok ? ` ${t('pw_all_met')}` : '')}
      </p>
    </section>
  );
}
