/**
 * "Find my server": the person types the address and presses one button; the helper's discovery
 * streams in as rows (one per candidate, each service's details as in the popup), then the best
 * choice with its reasons and the other working choices. "Use these settings" hands the choice to
 * the form, which saves it with when and how it was verified. Without the helper, the known-sites
 * table alone offers what it knows, marked as not verified from this computer, with the install
 * command.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DiscoverCandidate, DiscoverChoice, DiscoverReport, SkipReason } from '@/contract/discovery';
import type { ServiceResult } from '@/contract/protocol';
import { DEFAULT_PORTS, MAIL2000_HOST, SERVICES } from '@/contract/mail2000';
import { addressDomain, knownSitesFor, type KnownSiteEntry } from '@/contract/known-sites';
import { HOSTNAME_RE } from '@/contract/limits';
import { ServiceDetails } from '@/components/ServiceDetails';
import { t, uiLanguage, type MessageKey } from '@/utils/i18n/translate';
import { browser } from 'wxt/browser';
import { startDiscovery } from '@/utils/probe/discover-client';
import { DEV_PROGRAM, detectBrowser, installCommand } from '@/utils/probe/install-command';
import { HelperSetup } from '@/components/HelperSetup';
import type { HelperMissingReason } from '@/utils/messaging/run-port';
import type { DiscoveryToPage } from '@/utils/messaging/discover-port';

/** What the form is given to fill: the server, the seven ports, SSL (always: never plain text), and how it was found. */
export interface FoundServer {
  host: string;
  ports: Record<(typeof SERVICES)[number], number>;
  popPort: 995;
  how: 'helper' | 'known-site';
  source?: string;
}

type State =
  | { phase: 'idle' }
  | { phase: 'running'; domain: string; candidates: DiscoverCandidate[]; results: Record<string, ServiceResult[]> }
  | { phase: 'done'; domain: string; report: DiscoverReport; results: Record<string, ServiceResult[]> }
  | { phase: 'missing'; domain: string; reason: HelperMissingReason; detail: string; known: KnownSiteEntry[] }
  | { phase: 'error'; domain: string; reason: string; detail: string; retryAfterMs?: number };

const isDomain = (d: string) => d.includes('.') && HOSTNAME_RE.test(d) && !/^\d+(?:\.\d+){3}$/.test(d);

/** Always SSL on 995: what a discovery proposes to Gmail is never plain text (helper/discover/rank.ts). */
export const choiceToFound = (c: DiscoverChoice): FoundServer => ({
  host: c.host,
  ports: { ...DEFAULT_PORTS, ...c.ports },
  popPort: 995,
  how: 'helper',
});

export const knownToFound = (k: KnownSiteEntry): FoundServer => ({
  host: k.host,
  ports: { ...DEFAULT_PORTS },
  popPort: 995,
  how: 'known-site',
  source: k.source,
});

const SKIP_TEXT: Record<SkipReason, MessageKey> = {
  loopback: 'opt_find_skip_loopback',
  unspecified: 'opt_find_skip_unspecified',
  'link-local': 'opt_find_skip_link_local',
  multicast: 'opt_find_skip_multicast',
  broadcast: 'opt_find_skip_broadcast',
  reserved: 'opt_find_skip_reserved',
};

export function FindServer({
  address,
  onUse,
  ports,
  start,
  locked,
}: {
  address: string;
  onUse: (f: FoundServer, address: string) => void;
  ports?: Partial<Record<(typeof SERVICES)[number], number>>;
  /** An address the Gmail panel sent here ("Use these settings"): its discovery starts once it is given. */
  start?: string;
  /** The server the organisation's policy sets and locks: nothing to find, nothing to change. */
  locked?: string;
}) {
  const [typed, setTyped] = useState(start ?? address);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [bad, setBad] = useState(false);
  const stop = useRef<(() => void) | undefined>();
  useEffect(() => setTyped((v) => v || address), [address]);
  useEffect(() => () => stop.current?.(), []);
  const lang = uiLanguage();

  const onMessage = (domain: string) => (m: DiscoveryToPage) =>
    setState((s) => {
      const results = s.phase === 'running' ? s.results : {};
      switch (m.type) {
        case 'started':
          return s;
        case 'candidates':
          return { phase: 'running', domain, candidates: m.candidates, results };
        case 'candidate-result':
          return {
            phase: 'running',
            domain,
            candidates: s.phase === 'running' ? s.candidates : [],
            results: { ...results, [m.host]: [...(results[m.host] ?? []), m.result] },
          };
        case 'discovered':
          return { phase: 'done', domain, report: m.report, results };
        case 'helper-missing':
          return { phase: 'missing', domain, reason: m.reason, detail: m.detail, known: knownSitesFor(domain) };
        case 'error':
          return {
            phase: 'error',
            domain,
            reason: m.reason,
            detail: m.detail,
            ...(m.retryAfterMs !== undefined ? { retryAfterMs: m.retryAfterMs } : {}),
          };
      }
    });

  const find = (address: string) => {
    const domain = addressDomain(address);
    if (!isDomain(domain)) {
      setBad(true);
      return;
    }
    setBad(false);
    stop.current?.();
    setState({ phase: 'running', domain, candidates: [], results: {} });
    stop.current = startDiscovery(
      (info) => browser.runtime.connect(info),
      { type: 'start', domain, ...(ports ? { ports } : {}) },
      onMessage(domain),
    );
  };
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
  /** The command that installs the helper allowing `host` (only a host other than the default needs --allow). */
  const installFor = (program: string, host: string) =>
    installCommand(program, detectBrowser(navigator as Navigator & { userAgentData?: { brands?: Array<{ brand: string }> } }), host, [], {
      host: MAIL2000_HOST,
      ports: Object.values(DEFAULT_PORTS),
    });
  const say = (r: { en: string; zh_TW: string }) => (lang === 'en' ? r.en : r.zh_TW);
  const popText = (c: DiscoverChoice) => (c.pop ? t('opt_find_pop_ssl', [c.pop.port]) : t('opt_find_no_pop'));
  const rows = state.phase === 'running' || state.phase === 'done' ? state.results : {};
  const candidates = state.phase === 'running' ? state.candidates : state.phase === 'done' ? state.report.candidates : [];
  const skipped = candidates.flatMap((c) => c.skipped.map((s) => ({ host: c.host, ...s })));

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
            <button type="button" data-testid="m2k-find-use" disabled={!c.pop} onClick={() => onUse(choiceToFound(c), typed.trim())}>
              {t('opt_find_use')}
            </button>
          </div>
        ))}

      {state.phase === 'missing' && (
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
                <button type="button" data-testid="m2k-find-use-known" onClick={() => onUse(knownToFound(k), typed.trim())}>
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
      )}
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
