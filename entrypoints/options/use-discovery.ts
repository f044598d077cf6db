/**
 * One discovery at a time from the options page: starts it over the `discover-run` port, follows
 * its messages into one state (rows as candidates answer, then the report, or the reason there is
 * none), and stops it when a new one starts or the page goes. Kept apart from the views that show
 * that state (FindServer.tsx and its parts), which only read it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { DiscoverCandidate, DiscoverReport } from '@/contract/discovery';
import type { ServiceResult } from '@/contract/protocol';
import type { Service } from '@/contract/mail2000';
import { addressDomain, knownSitesFor, type KnownSiteEntry } from '@/contract/known-sites';
import { HOSTNAME_RE } from '@/contract/limits';
import { startDiscovery } from '@/utils/probe/discover-client';
import type { HelperMissingReason } from '@/utils/messaging/run-port';
import type { DiscoveryToPage } from '@/utils/messaging/discover-port';

export type DiscoveryState =
  | { phase: 'idle' }
  | { phase: 'running'; domain: string; candidates: DiscoverCandidate[]; results: Record<string, ServiceResult[]> }
  | { phase: 'done'; domain: string; report: DiscoverReport; results: Record<string, ServiceResult[]> }
  | { phase: 'missing'; domain: string; reason: HelperMissingReason; detail: string; known: KnownSiteEntry[] }
  | { phase: 'error'; domain: string; reason: string; detail: string; retryAfterMs?: number };

const isDomain = (d: string) => d.includes('.') && HOSTNAME_RE.test(d) && !/^\d+(?:\.\d+){3}$/.test(d);

/** The state after one message of the discovery for `domain`. */
const step = (s: DiscoveryState, m: DiscoveryToPage, domain: string): DiscoveryState => {
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
};

/**
 * `find(address)` starts a discovery of the address's domain with `ports` (the form's, where typed);
 * `bad` says the last address had no domain a discovery can look for.
 */
export function useDiscovery(ports?: Partial<Record<Service, number>>) {
  const [state, setState] = useState<DiscoveryState>({ phase: 'idle' });
  const [bad, setBad] = useState(false);
  const stop = useRef<(() => void) | undefined>();
  useEffect(() => () => stop.current?.(), []);

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
      (m) => setState((s) => step(s, m, domain)),
    );
  };
  return { state, bad, find };
}
