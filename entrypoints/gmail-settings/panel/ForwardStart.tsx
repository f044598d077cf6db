/**
 * The panel's first action in every state: "Forward Mail2000 to this Gmail". The address is the
 * one this tab's Gmail shows (read from the page), which the person may correct; it is checked
 * before anything is opened (one address, no line break). Pressing the button has the background
 * open the profile's webmail in a new tab, with the forwarding intent bound to it. Beside it, "Test
 * forwarding" opens our test page bound to this Gmail tab, which then watches its inbox for the test
 * message (the password is typed on that page, never here).
 */
import { useState } from 'preact/hooks';
import type { Translate } from '@/utils/i18n/translate';
import { snake } from '@/utils/i18n/translate';
import { addressProblem, type AddressProblem } from '@/utils/forward/address';
import { byPerson } from '@/utils/page/person';

export type ForwardOutcome = { outcome: 'opening' | 'not-assisted'; host: string } | { outcome: 'failed' };

export interface ForwardStartProps {
  t: Translate;
  /** The profile's Mail2000 server (its webmail is https://<host>/); null without a profile. */
  host: string | null;
  /** The address read from the page, or null. */
  gmail: string | null;
  onForward: (gmail: string) => Promise<ForwardOutcome>;
  /** Opens the options page where the person allows the assistant on `host`. */
  onAllow: (host: string) => void;
  /** "Test forwarding": opens the test page for this Gmail tab (and the address, when it is one). */
  onTest: (gmail: string | null) => Promise<boolean>;
  /** This tab is looking for the test message in its inbox. */
  watching?: boolean;
}

export function ForwardStart({ t, host, gmail, onForward, onAllow, onTest, watching = false }: ForwardStartProps) {
  const [test, setTest] = useState<'busy' | 'opening' | 'failed' | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const [problem, setProblem] = useState<AddressProblem | null>(null);
  const [result, setResult] = useState<ForwardOutcome | 'busy' | null>(null);
  const address = typed ?? gmail ?? '';

  const start = async () => {
    const p = addressProblem(address);
    setProblem(p);
    if (p) return;
    setResult('busy');
    setResult(await onForward(address.trim()).catch(() => ({ outcome: 'failed' }) as const));
  };

  return (
    <section class="fwd" data-testid="m2k-forward">
      <p class="actions">
        <button type="button" data-testid="m2k-forward-start" disabled={result === 'busy' || !host} onClick={byPerson(() => void start())}>
          {t('panel_forward_start')}
        </button>{' '}
        <button
          type="button"
          class="secondary"
          data-testid="m2k-forward-test-start"
          disabled={test === 'busy'}
          onClick={byPerson(() => {
            setTest('busy');
            void onTest(addressProblem(address) ? null : address.trim()).then(
              (ok) => setTest(ok ? 'opening' : 'failed'),
              () => setTest('failed'),
            );
          })}
        >
          {t('panel_forward_test')}
        </button>
      </p>
      {watching && (
        <p class="note" role="status" data-testid="m2k-forward-test-watching">
          {t('panel_forward_test_watching')}
        </p>
      )}
      {test && test !== 'busy' && (
        <p class={test === 'opening' ? 'note' : 'warn'} data-testid="m2k-forward-test-status" data-outcome={test}>
          {t(test === 'opening' ? 'panel_forward_test_opening' : 'panel_forward_test_failed')}
        </p>
      )}
      <label class="addr">
        {t('panel_forward_address')}{' '}
        <input
          type="email"
          data-testid="m2k-forward-address"
          data-from-page={String(typed === null && !!gmail)}
          value={address}
          aria-invalid={problem ? 'true' : 'false'}
          onInput={(e) => {
            setTyped((e.currentTarget as HTMLInputElement).value);
            setProblem(null);
          }}
        />
      </label>
      <p class="note">{t(gmail && typed === null ? 'panel_forward_address_read' : 'panel_forward_address_type')}</p>
      {problem && (
        <p class="warn" role="alert" data-testid="m2k-forward-problem" data-problem={problem}>
          {t(`panel_forward_problem_${snake(problem)}`)}
        </p>
      )}
      {host && <p class="note">{t('panel_forward_explain', host)}</p>}
      {result && result !== 'busy' && (
        <div data-testid="m2k-forward-outcome" data-outcome={result.outcome}>
          <p class={result.outcome === 'opening' ? 'note' : 'warn'}>
            {result.outcome === 'failed' ? t('panel_forward_failed') : t(`panel_forward_${snake(result.outcome)}`, result.host)}
          </p>
          {result.outcome === 'not-assisted' && (
            <button type="button" class="secondary" data-testid="m2k-forward-allow" onClick={byPerson(() => onAllow(result.host))}>
              {t('panel_forward_allow', result.host)}
            </button>
          )}
        </div>
      )}
      <p class="note">{t('panel_forward_caveat')}</p>
    </section>
  );
}
