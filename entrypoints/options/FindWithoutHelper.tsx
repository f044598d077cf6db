/**
 * "Find my server" when the helper cannot run: what the known-sites table knows of the domain,
 * marked as not verified from this computer, and how to install the helper (with --allow for a
 * server other than the default). Apart from the discovery's own results (DiscoveryResults.tsx):
 * this answer comes from a table, not from a connection.
 */
import { DEFAULT_PORTS, MAIL2000_HOST } from '@/contract/mail2000';
import { HelperSetup } from '@/components/HelperSetup';
import { t } from '@/utils/i18n/translate';
import { DEV_PROGRAM, detectBrowser, installCommand } from '@/utils/probe/install-command';
import { knownToFound, type FoundServer } from './found-server';
import type { DiscoveryState } from './use-discovery';

/** The command that installs the helper allowing `host` (only a host other than the default needs --allow). */
const installFor = (program: string, host: string) =>
  installCommand(program, detectBrowser(navigator as Navigator & { userAgentData?: { brands?: Array<{ brand: string }> } }), host, [], {
    host: MAIL2000_HOST,
    ports: Object.values(DEFAULT_PORTS),
  });

export function FindWithoutHelper({
  state,
  onUse,
}: {
  state: Extract<DiscoveryState, { phase: 'missing' }>;
  onUse: (f: FoundServer) => void;
}) {
  return (
    <div class="m2k-notice" role="alert" data-testid="m2k-find-missing" data-reason={state.reason}>
      <p>{t('opt_find_missing')}</p>
      {state.known.length === 0 ? (
        <p data-testid="m2k-find-unknown">{t('opt_find_unknown', [state.domain])}</p>
      ) : (
        state.known.map((k) => (
          <div key={k.host} data-testid="m2k-find-known" data-host={k.host}>
            <p>
              {t('opt_find_known', [k.host])} ({t('opt_find_not_verified')})
            </p>
            <p class="m2k-hint">
              {t('opt_find_source')}:{' '}
              <a href={k.source} target="_blank" rel="noreferrer">
                {k.source}
              </a>
            </p>
            <button type="button" data-testid="m2k-find-use-known" onClick={() => onUse(knownToFound(k))}>
              {t('opt_find_use')}
            </button>
          </div>
        ))
      )}
      <HelperSetup
        reason={state.reason}
        command={(program) => installFor(program, state.known[0]?.host ?? MAIL2000_HOST)}
        needsAllow={state.reason === 'host-not-allowed' || installFor('', state.known[0]?.host ?? MAIL2000_HOST).includes(' --allow ')}
        devProgram={DEV_PROGRAM}
        host={state.known[0]?.host ?? MAIL2000_HOST}
        detail={state.detail}
        heading="h3"
      />
    </div>
  );
}
