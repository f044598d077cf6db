/**
 * "Find my server": the person types the address and presses one button; the helper's discovery
 * streams in as rows (one per candidate, each service's details as in the popup), then the best
 * choice with its reasons and the other working choices. "Use these settings" hands the choice to
 * the form, which saves it with when and how it was verified. Without the helper, the known-sites
 * table alone offers what it knows, marked as not verified from this computer, with the install
 * command. This section owns the address and when a search starts; the search itself is
 * use-discovery.ts, its answers DiscoveryResults.tsx and FindWithoutHelper.tsx.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Service } from '@/contract/mail2000';
import { t } from '@/utils/i18n/translate';
import { DiscoveryResults } from './DiscoveryResults';
import { FindWithoutHelper } from './FindWithoutHelper';
import type { FoundServer } from './found-server';
import { useDiscovery } from './use-discovery';

export function FindServer({
  address,
  onUse,
  ports,
  start,
  locked,
}: {
  address: string;
  onUse: (f: FoundServer, address: string) => void;
  ports?: Partial<Record<Service, number>>;
  /** An address the Gmail panel sent here ("Use these settings"): its discovery starts once it is given. */
  start?: string;
  /** The server the organisation's policy sets and locks: nothing to find, nothing to change. */
  locked?: string;
}) {
  const [typed, setTyped] = useState(start ?? address);
  useEffect(() => setTyped((v) => v || address), [address]);
  const { state, bad, find } = useDiscovery(ports);

  const run = (e: Event) => {
    e.preventDefault();
    find(typed);
  };
  const startedFor = useRef<string>();
  useEffect(() => {
    if (!start || locked || startedFor.current === start) return;
    startedFor.current = start;
    setTyped(start);
    find(start);
  }, [start]);

  const running = state.phase === 'running';
  const use = (f: FoundServer) => onUse(f, typed.trim());

  if (locked)
    return (
      <section class="m2k-find" data-testid="m2k-find" aria-labelledby="m2k-find-title">
        <h2 id="m2k-find-title">{t('opt_find_title')}</h2>
        <p class="m2k-notice" data-testid="m2k-find-locked">
          {t('opt_find_locked', [locked])}
        </p>
      </section>
    );
  return (
    <section class="m2k-find" data-testid="m2k-find" aria-labelledby="m2k-find-title">
      <h2 id="m2k-find-title">{t('opt_find_title')}</h2>
      <p class="m2k-hint">{t('opt_find_intro')}</p>
      {start && (
        <p class="m2k-notice" data-testid="m2k-find-from-gmail">
          {t('opt_find_from_gmail', [start])}
        </p>
      )}
      <form onSubmit={run} class="m2k-find-form">
        <label for="m2k-find-address">{t('opt_find_address')}</label>
        <input
          id="m2k-find-address"
          type="email"
          data-testid="m2k-find-address"
          value={typed}
          placeholder="alice@school.edu.tw"
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        <button type="submit" data-testid="m2k-find-run" disabled={running}>
          {running ? t('opt_find_running') : t('opt_find_run')}
        </button>
      </form>
      {bad && (
        <p class="m2k-error" role="alert" data-testid="m2k-find-bad">
          {t('opt_find_bad_address')}
        </p>
      )}

      <DiscoveryResults state={state} onUse={use} />

      {state.phase === 'missing' && <FindWithoutHelper state={state} onUse={use} />}
      {state.phase === 'error' && (
        <p class="m2k-error" role="alert" data-testid="m2k-find-error" data-reason={state.reason}>
          {state.reason === 'rate-limited'
            ? t('opt_find_paused', [Math.max(1, Math.ceil((state.retryAfterMs ?? 0) / 1000))])
            : state.reason === 'busy'
              ? t('opt_find_busy')
              : t('opt_find_error', [state.detail])}
        </p>
      )}
    </section>
  );
}
