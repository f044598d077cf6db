/**
 * Server discovery: from a domain to ranked, probed candidates. DNS once for every candidate name
 * (resolve.ts: the system's resolver, addresses classed and the forbidden ones set aside), then
 * every unique server × service probed in parallel by the same engine as `check` (runProbe, with
 * the allowed addresses already resolved), all under one timeout. No credential is ever sent:
 * discovery only looks.
 */
import { setMaxListeners } from 'node:events';
import net from 'node:net';
import * as z from 'zod/mini';
import { DiscoverReportSchema, type DiscoverCandidate, type DiscoverReport } from '@/contract/discovery';
import { PortsSchema, type ServiceResult } from '@/contract/protocol';
import { DEFAULT_PORTS, type Service } from '@/contract/mail2000';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import { knownSitesFor, type KnownSiteEntry } from '@/contract/known-sites';
import { runProbe } from '../probe/engine';
import { isDiscoverableDomain } from './candidates';
import { makeResolver, resolveCandidates, type DiscoveryResolver } from './resolve';
import { rankChoices, type Probed } from './rank';

export const DiscoverOptionsSchema = z.object({
  domain: z.string().check(z.refine(isDiscoverableDomain, 'not a domain to discover (a name like example.edu.tw)')),
  ports: z.optional(PortsSchema),
  timeoutMs: z._default(
    z.int().check(z.minimum(DISCOVERY_LIMITS.minTimeoutMs), z.maximum(DISCOVERY_LIMITS.maxTimeoutMs)),
    DISCOVERY_LIMITS.timeoutMs,
  ),
  ca: z.optional(z.union([z.string().check(z.minLength(1)), z.instanceof(Buffer)])),
});
export type DiscoverOptions = z.input<typeof DiscoverOptionsSchema>;

export type DiscoveryEvent =
  { kind: 'candidates'; candidates: DiscoverCandidate[] } | { kind: 'result'; host: string; result: ServiceResult };

export interface DiscoverDeps {
  resolver?: DiscoveryResolver;
  /** The known-sites table (default: contract/mail2000-sites.json). */
  known?: readonly KnownSiteEntry[];
  probe?: typeof runProbe;
  /**
   * Connect to loopback addresses too. Only for tests, whose made-up schools live on 127.x
   * addresses: the CLI and the native host set it from M2K_PROBE_ALLOW_LOOPBACK=1.
   */
  allowLoopback?: boolean;
}

/** Share of the timeout DNS may take at most, so the probes always get most of it. */
const DNS_SHARE = 0.35;
const DNS_MAX_MS = 5_000;

export async function runDiscovery(
  opts: DiscoverOptions,
  onEvent?: (e: DiscoveryEvent) => void,
  signal?: AbortSignal,
  deps: DiscoverDeps = {},
): Promise<DiscoverReport> {
  const o = DiscoverOptionsSchema.parse(opts);
  const domain = o.domain.toLowerCase().replace(/\.$/, '');
  const probe = deps.probe ?? runProbe;
  const t0 = Date.now();
  const deadline = t0 + o.timeoutMs;
  const ctl = new AbortController();
  // Every candidate's probe and every DNS query listens to this one signal.
  setMaxListeners(0, ctl.signal);
  const timer = setTimeout(() => ctl.abort('deadline'), o.timeoutMs);
  const onCancel = () => ctl.abort('cancel');
  if (signal?.aborted) ctl.abort('cancel');
  else signal?.addEventListener('abort', onCancel, { once: true });
  try {
    const known = knownSitesFor(domain, deps.known);
    const candidates = await resolveCandidates(
      domain,
      known,
      deps.resolver ?? makeResolver(),
      Math.min(deadline, t0 + Math.min(o.timeoutMs * DNS_SHARE, DNS_MAX_MS)),
      ctl.signal,
      deps.allowLoopback === true,
    );
    onEvent?.({ kind: 'candidates', candidates });
    const ports: Record<Service, number> = { ...DEFAULT_PORTS, ...o.ports };
    const reachable = candidates.filter((c) => c.addresses.length > 0);
    const remaining = deadline - Date.now();
    const probed: Probed[] = [];
    if (remaining >= 100 && !ctl.signal.aborted) {
      const reports = await Promise.all(
        reachable.map((c) =>
          probe(
            { host: c.host, ports, timeoutMs: Math.min(remaining, 120_000), ca: o.ca },
            (result) => onEvent?.({ kind: 'result', host: c.host, result }),
            ctl.signal,
            // Resolved once above: the engine connects to these addresses and checks the certificate against the name.
            { lookup: async () => c.addresses.map((address) => ({ address, family: net.isIP(address) })) },
          ).then(
            (report) => ({ candidate: c, ports, results: report.results }),
            () => ({ candidate: c, ports, results: [] }),
          ),
        ),
      );
      probed.push(...reports);
    }
    const choices = rankChoices(domain, probed);
    return DiscoverReportSchema.parse({
      domain,
      ms: Date.now() - t0,
      timeoutMs: o.timeoutMs,
      candidates,
      choices,
      ...(choices[0] ? { best: choices[0].host } : {}),
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }
}
