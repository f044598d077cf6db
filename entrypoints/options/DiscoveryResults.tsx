/**
 * What a discovery found, as it streams in and once it is done: a row per candidate with each
 * service's details (as in the popup), the addresses it would not connect to and why, then the best
 * choice with its reasons and the other working choices, each with "Use these settings". Apart
 * from FindServer.tsx, which owns the address and the search, so each can be read on its own.
 */
import type { DiscoverChoice, SkipReason } from '@/contract/discovery';
import type { ServiceResult } from '@/contract/protocol';
import { SERVICES } from '@/contract/mail2000';
import { ServiceDetails } from '@/components/ServiceDetails';
import { t, uiLanguage, type MessageKey } from '@/utils/i18n/translate';
import { choiceToFound, type FoundServer } from './found-server';
import type { DiscoveryState } from './use-discovery';

const SKIP_TEXT: Record<SkipReason, MessageKey> = {
  loopback: 'opt_find_skip_loopback',
  unspecified: 'opt_find_skip_unspecified',
  'link-local': 'opt_find_skip_link_local',
  multicast: 'opt_find_skip_multicast',
  broadcast: 'opt_find_skip_broadcast',
  reserved: 'opt_find_skip_reserved',
};

export function DiscoveryResults({ state, onUse }: { state: DiscoveryState; onUse: (f: FoundServer) => void }) {
  const lang = uiLanguage();
  const running = state.phase === 'running';
  const say = (r: { en: string; zh_TW: string }) => (lang === 'en' ? r.en : r.zh_TW);
  const popText = (c: DiscoverChoice) => (c.pop ? t('opt_find_pop_ssl', [c.pop.port]) : t('opt_find_no_pop'));
  const rows = state.phase === 'running' || state.phase === 'done' ? state.results : {};
  const candidates = state.phase === 'running' ? state.candidates : state.phase === 'done' ? state.report.candidates : [];
  const skipped = candidates.flatMap((c) => c.skipped.map((s) => ({ host: c.host, ...s })));

  return (
    <>
      {Object.keys(rows).length > 0 && (
        <ul class="m2k-find-rows" aria-busy={running} data-testid="m2k-find-rows">
          {candidates
            .filter((c) => rows[c.host])
            .map((c) => (
              <li key={c.host} data-testid="m2k-find-row" data-host={c.host}>
                <details>
                  <summary>
                    {t('opt_find_checked', [c.host])} —{' '}
                    {SERVICES.map((s) => rows[c.host]!.find((r) => r.service === s))
                      .filter((r): r is ServiceResult => !!r)
                      .map((r) => `${r.service} ${r.ok ? '✓' : '✗'}`)
                      .join(' · ')}
                  </summary>
                  {rows[c.host]!.map((r) => (
                    <div key={r.service} class="m2k-find-service">
                      <h4>
                        {r.service} ({r.port})
                      </h4>
                      <ServiceDetails result={r} />
                    </div>
                  ))}
                </details>
              </li>
            ))}
        </ul>
      )}

      {skipped.length > 0 && (
        <div data-testid="m2k-find-skipped-list">
          <h3>{t('opt_find_skipped_title')}</h3>
          <ul>
            {skipped.map(({ host, address, reason }) => (
              <li key={`${host} ${address}`} data-testid="m2k-find-skipped" data-address={address} data-reason={reason}>
                {t('opt_find_skipped', [host, address, t(SKIP_TEXT[reason])])}
              </li>
            ))}
          </ul>
        </div>
      )}

      {state.phase === 'done' && state.report.choices.length === 0 && (
        <p role="status" data-testid="m2k-find-none">
          {t('opt_find_none', [state.domain])}
        </p>
      )}
      {state.phase === 'done' &&
        state.report.choices.map((c) => (
          <div
            key={c.host}
            class={c.rank === 1 ? 'm2k-find-best' : 'm2k-find-other'}
            data-testid={c.rank === 1 ? 'm2k-find-best' : 'm2k-find-other'}
            data-host={c.host}
          >
            {c.rank === 1 ? <h3>{t('opt_find_best', [c.host])}</h3> : c.rank === 2 ? <h3>{t('opt_find_others')}</h3> : null}
            <p>
              {c.rank === 1 ? null : <strong>{c.host}: </strong>}
              {popText(c)}
            </p>
            {c.pop && !c.pop.reached ? (
              <p class="m2k-notice" data-testid="m2k-find-not-reached">
                {t('opt_find_pop_not_reached', [c.pop.port])}
              </p>
            ) : null}
            <ul aria-label={t('opt_find_why')}>
              {c.reasons.map((r) => (
                <li key={r.code} data-testid="m2k-find-reason" data-code={r.code} data-good={String(r.good)}>
                  {r.good ? '✓ ' : '✗ '}
                  {say(r)}
                </li>
              ))}
            </ul>
            <button type="button" data-testid="m2k-find-use" disabled={!c.pop} onClick={() => onUse(choiceToFound(c))}>
              {t('opt_find_use')}
            </button>
          </div>
        ))}
    </>
  );
}
