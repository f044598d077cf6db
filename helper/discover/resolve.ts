/**
 * DNS for a discovery: the domain's MX hosts, then every candidate's addresses, all in parallel,
 * each answer capped and validated, under the discovery's deadline. Addresses come from the
 * computer's own resolver (getaddrinfo through dns.lookup: the hosts file, a VPN's or a campus's
 * split DNS), the same one the probe and every other program use; `--dns` (M2K_PROBE_DNS for the
 * native host) names a DNS server to ask for them instead. MX records exist only in DNS, so they
 * are always asked of a DNS server: the system's configured ones, or the named one.
 *
 * Every address is classed (contract/address.ts) before anything connects to it: unspecified,
 * link-local, multicast, broadcast and reserved ones are never used, loopback only when the tests'
 * switch allows it; they are listed with the reason. Candidates that share an address are probed
 * once (the first name keeps it; the others become its aliases).
 */
import dns from 'node:dns';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import { HostnameSchema } from '@/contract/fields';
import { NEVER_CONNECT, addressClass, parseIp } from '@/contract/address';
import type { DiscoverCandidate, SkippedAddress } from '@/contract/discovery';
import type { KnownSiteEntry } from '@/contract/known-sites';
import { candidateNames } from './candidates';

/** What a discovery asks of DNS; tests hand in one bound to a loopback server, or a hosts-file lookup. */
export interface DiscoveryResolver {
  /** Every address (A and AAAA) of a name; rejects with the resolver's error code when there is none. */
  addresses(name: string): Promise<string[]>;
  resolveMx(name: string): Promise<{ priority: number; exchange: string }[]>;
}

/** The system resolver's entry point (dns.promises.lookup), replaceable in tests. */
export type SystemLookup = (name: string, options: { all: true; verbatim: true }) => Promise<{ address: string; family: number }[]>;

/**
 * The resolver of a discovery: the system's for addresses and its DNS servers for MX, or, with
 * `server` (`HOST:PORT`), that DNS server for everything.
 */
export function makeResolver(server?: string, lookup: SystemLookup = dns.promises.lookup): DiscoveryResolver {
  const r = new dns.promises.Resolver({ timeout: 1500, tries: 2 });
  if (!server) {
    return {
      resolveMx: (name) => r.resolveMx(name),
      addresses: async (name) => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address),
    };
  }
  r.setServers([server]);
  return {
    resolveMx: (name) => r.resolveMx(name),
    addresses: async (name) => {
      const [v4, v6] = await Promise.allSettled([r.resolve4(name), r.resolve6(name)]);
      const found = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
      if (found.length === 0 && v4.status === 'rejected') throw v4.reason;
      if (found.length === 0 && v6.status === 'rejected') throw v6.reason;
      return found;
    },
  };
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

export interface ResolvedName {
  /** The addresses to connect to, at most DISCOVERY_LIMITS.addressesPerName of each family. */
  addresses: string[];
  skipped: SkippedAddress[];
  /** The addresses above that are private: inside this network. */
  inside: string[];
  dns?: string;
}

/** Sorts one name's answer into addresses to use and addresses never to connect to, with the reason. */
export function sortAddresses(answer: readonly unknown[], allowLoopback: boolean): Omit<ResolvedName, 'dns'> {
  const out: Omit<ResolvedName, 'dns'> = { addresses: [], skipped: [], inside: [] };
  const per = { 4: 0, 6: 0 };
  const seen = new Set<string>();
  for (const a of answer) {
    if (typeof a !== 'string' || seen.has(a)) continue;
    const ip = parseIp(a);
    if (!ip) continue;
    seen.add(a);
    const cls = addressClass(a);
    if (NEVER_CONNECT.has(cls) || (cls === 'loopback' && !allowLoopback)) {
      if (out.skipped.length < DISCOVERY_LIMITS.addressesPerName * 2)
        out.skipped.push({ address: a, reason: cls as SkippedAddress['reason'] });
      continue;
    }
    if (per[ip.v] >= DISCOVERY_LIMITS.addressesPerName) continue;
    per[ip.v]++;
    out.addresses.push(a);
    if (cls === 'private') out.inside.push(a);
  }
  return out;
}

async function resolveName(
  resolver: DiscoveryResolver,
  host: string,
  allowLoopback: boolean,
  deadline: number,
  signal?: AbortSignal,
): Promise<ResolvedName> {
  let answer: unknown;
  try {
    answer = await until(resolver.addresses(host), deadline, signal);
  } catch (e) {
    return { addresses: [], skipped: [], inside: [], dns: errorCode(e) };
  }
  const sorted = sortAddresses(Array.isArray(answer) ? answer : [], allowLoopback);
  return sorted.addresses.length || sorted.skipped.length ? sorted : { ...sorted, dns: 'ENODATA' };
}

export async function resolveCandidates(
  domain: string,
  known: readonly KnownSiteEntry[],
  resolver: DiscoveryResolver,
  deadline: number,
  signal?: AbortSignal,
  allowLoopback = false,
): Promise<DiscoverCandidate[]> {
  const mx = await mxHosts(resolver, domain, deadline, signal);
  const names = candidateNames(domain, mx, known);
  const resolved = await Promise.all(names.map((n) => resolveName(resolver, n.host, allowLoopback, deadline, signal)));
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
      skipped: r.skipped,
      inside: r.inside,
      ...(r.dns ? { dns: r.dns } : {}),
    };
    for (const a of r.addresses) owner.set(a, c);
    out.push(c);
  });
  return out;
}
