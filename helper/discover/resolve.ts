/**
 * DNS for a discovery: the domain's MX hosts, then every candidate's A and AAAA records, all in
 * parallel, each answer capped and validated, under the discovery's deadline. Candidates that share
 * an address are probed once (the first name keeps it; the others become its aliases).
 */
import dns from 'node:dns';
import net from 'node:net';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import { HostnameSchema } from '@/contract/fields';
import type { DiscoverCandidate } from '@/contract/discovery';
import type { KnownSiteEntry } from '@/contract/known-sites';
import { candidateNames } from './candidates';

/** The part of node's dns.promises.Resolver a discovery uses; tests hand in one bound to a loopback server. */
export interface DiscoveryResolver {
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
  resolveMx(name: string): Promise<{ priority: number; exchange: string }[]>;
}

/** A resolver with short timeouts; `server` (`HOST:PORT`) replaces the system's DNS servers. */
export function makeResolver(server?: string): DiscoveryResolver {
  const r = new dns.promises.Resolver({ timeout: 1500, tries: 2 });
  if (server) r.setServers([server]);
  return r;
}

class Timeout extends Error {
  code = 'ETIMEDOUT';
}

function until<T>(p: Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Timeout('DNS answer too late')), Math.max(0, deadline - Date.now()));
    const onAbort = () => reject(new Timeout('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

const errorCode = (e: unknown): string => {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? c.slice(0, 64) : 'EDNS';
};

/** MX hosts by preference, valid names only, at most DISCOVERY_LIMITS.mxHosts. */
async function mxHosts(resolver: DiscoveryResolver, domain: string, deadline: number, signal?: AbortSignal): Promise<string[]> {
  try {
    const mx = await until(resolver.resolveMx(domain), deadline, signal);
    return mx
      .filter((m) => Number.isInteger(m.priority) && typeof m.exchange === 'string')
      .sort((a, b) => a.priority - b.priority)
      .map((m) => m.exchange.toLowerCase().replace(/\.$/, ''))
      .filter((h) => h.length > 0 && HostnameSchema.safeParse(h).success)
      .slice(0, DISCOVERY_LIMITS.mxHosts);
  } catch {
    return [];
  }
}

async function addressesOf(
  resolver: DiscoveryResolver,
  host: string,
  deadline: number,
  signal?: AbortSignal,
): Promise<{ addresses: string[]; dns?: string }> {
  const [v4, v6] = await Promise.allSettled([
    until(resolver.resolve4(host), deadline, signal),
    until(resolver.resolve6(host), deadline, signal),
  ]);
  const take = (r: PromiseSettledResult<string[]>, family: 4 | 6) =>
    r.status === 'fulfilled'
      ? r.value.filter((a) => typeof a === 'string' && net.isIP(a) === family).slice(0, DISCOVERY_LIMITS.addressesPerName)
      : [];
  const addresses = [...take(v4, 4), ...take(v6, 6)];
  if (addresses.length) return { addresses };
  const failed = v4.status === 'rejected' ? v4.reason : v6.status === 'rejected' ? v6.reason : undefined;
  return { addresses, dns: failed ? errorCode(failed) : 'ENODATA' };
}

export async function resolveCandidates(
  domain: string,
  known: readonly KnownSiteEntry[],
  resolver: DiscoveryResolver,
  deadline: number,
  signal?: AbortSignal,
): Promise<DiscoverCandidate[]> {
  const mx = await mxHosts(resolver, domain, deadline, signal);
  const names = candidateNames(domain, mx, known);
  const resolved = await Promise.all(names.map((n) => addressesOf(resolver, n.host, deadline, signal)));
  const owner = new Map<string, DiscoverCandidate>();
  const out: DiscoverCandidate[] = [];
  names.forEach((n, i) => {
    const r = resolved[i]!;
    const first = r.addresses.map((a) => owner.get(a)).find(Boolean);
    if (first) {
      // The same server under another name: probed once, under the preferred name.
      if (!first.aliases.includes(n.host)) first.aliases.push(n.host);
      for (const s of n.sources) if (!first.sources.includes(s)) first.sources.push(s);
      return;
    }
    const c: DiscoverCandidate = {
      host: n.host,
      sources: [...n.sources],
      addresses: r.addresses,
      aliases: [],
      ...(r.dns ? { dns: r.dns } : {}),
    };
    for (const a of r.addresses) owner.set(a, c);
    out.push(c);
  });
  return out;
}
