/**
 * Whether a domain's SPF record (RFC 7208) names a mail server's addresses: enough of the check to
 * answer "does forwarded mail from colleagues pass": ip4, ip6, a, mx, include, redirect and all,
 * with the RFC's limit of 10 DNS-querying terms. Anything it cannot decide without the message
 * (macros, ptr, exists) makes the answer `unknown`, never a guess.
 */
import net from 'node:net';

export interface SpfResolver {
  resolveTxt(name: string): Promise<string[][]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
  resolveMx(name: string): Promise<{ priority: number; exchange: string }[]>;
}

export type SpfAll = 'fail' | 'softfail' | 'neutral' | 'pass';
const QUALIFIER: Record<string, SpfAll> = { '-': 'fail', '~': 'softfail', '?': 'neutral', '+': 'pass' };

/** The one `v=spf1` record among a name's TXT records (several of them is an error: none is used). */
export function pickSpf(txt: readonly (readonly string[])[]): string | undefined | 'several' {
  const spf = txt.map((chunks) => chunks.join('')).filter((r) => /^v=spf1(?:\s|$)/i.test(r));
  if (spf.length > 1) return 'several';
  return spf[0];
}

export interface SpfTerm {
  qualifier: SpfAll;
  mechanism: string;
  /** The domain or network after `:` (without the CIDR lengths). */
  value?: string;
  cidr4?: number;
  cidr6?: number;
}

/** Splits a record into mechanisms and the redirect modifier; other modifiers are ignored. */
export function parseSpf(record: string): { terms: SpfTerm[]; redirect?: string } {
  const terms: SpfTerm[] = [];
  let redirect: string | undefined;
  for (const raw of record.trim().split(/\s+/).slice(1)) {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (mod) {
      if (mod[1]!.toLowerCase() === 'redirect') redirect = mod[2];
      continue;
    }
    const m = /^([+\-~?]?)([a-z0-9]+)(?::([^/]*))?(?:\/(\d{1,3}))?(?:\/\/(\d{1,3}))?$/i.exec(raw);
    if (!m) {
      terms.push({ qualifier: 'neutral', mechanism: 'unparsable' });
      continue;
    }
    const mechanism = m[2]!.toLowerCase();
    const term: SpfTerm = { qualifier: QUALIFIER[m[1] || '+']!, mechanism };
    if (m[3] !== undefined) term.value = m[3];
    if (mechanism === 'ip6' && m[4] !== undefined) term.cidr6 = Number(m[4]);
    else if (m[4] !== undefined) term.cidr4 = Number(m[4]);
    if (m[5] !== undefined) term.cidr6 = Number(m[5]);
    terms.push(term);
  }
  return { terms, redirect };
}

/** The last `all` of a record, which says what happens to every sender it does not name. */
export function allOf(record: string): SpfAll | undefined {
  return parseSpf(record)
    .terms.filter((t) => t.mechanism === 'all')
    .at(-1)?.qualifier;
}

function inNetwork(address: string, network: string, bits: number | undefined): boolean {
  const family = net.isIP(network);
  if (family === 0 || family !== net.isIP(address)) return false;
  const list = new net.BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(network, Math.min(bits ?? (family === 4 ? 32 : 128), family === 4 ? 32 : 128), type);
  return list.check(address, type);
}

export type SpfVerdict = 'listed' | 'not-listed' | 'unknown';

interface Budget {
  lookups: number;
}

const MAX_LOOKUPS = 10;

async function addressesOf(r: SpfResolver, name: string): Promise<string[]> {
  const [a, aaaa] = await Promise.allSettled([r.resolve4(name), r.resolve6(name)]);
  return [...(a.status === 'fulfilled' ? a.value : []), ...(aaaa.status === 'fulfilled' ? aaaa.value : [])];
}

const matchAny = (addresses: readonly string[], candidates: readonly string[], t: SpfTerm) =>
  addresses.some((a) => candidates.some((c) => inNetwork(a, c, net.isIP(c) === 4 ? t.cidr4 : t.cidr6)));

/** Whether `domain`'s SPF lets `addresses` send: listed only on a `+` match, as a receiver would decide. */
export async function spfVerdict(
  r: SpfResolver,
  domain: string,
  addresses: readonly string[],
  budget: Budget = { lookups: 0 },
  depth = 0,
): Promise<SpfVerdict> {
  if (depth > MAX_LOOKUPS) return 'unknown';
  let record: string | undefined | 'several';
  try {
    record = pickSpf(await r.resolveTxt(domain));
  } catch {
    return depth === 0 ? 'not-listed' : 'unknown';
  }
  if (record === 'several') return 'unknown';
  if (record === undefined) return depth === 0 ? 'not-listed' : 'unknown';
  if (/%\{/.test(record)) return 'unknown';
  const { terms, redirect } = parseSpf(record);
  const verdict = (q: SpfAll): SpfVerdict => (q === 'pass' ? 'listed' : 'not-listed');
  for (const t of terms) {
    if (t.mechanism === 'all') return verdict(t.qualifier);
    if (t.mechanism === 'ip4' || t.mechanism === 'ip6') {
      if (t.value && matchAny(addresses, [t.value], t)) return verdict(t.qualifier);
      continue;
    }
    if (t.mechanism === 'a' || t.mechanism === 'mx' || t.mechanism === 'include') {
      if (++budget.lookups > MAX_LOOKUPS) return 'unknown';
      const target = t.value || domain;
      try {
        if (t.mechanism === 'include') {
          const inner = await spfVerdict(r, target, addresses, budget, depth + 1);
          if (inner === 'unknown') return 'unknown';
          if (inner === 'listed') return verdict(t.qualifier);
          continue;
        }
        const hosts = t.mechanism === 'a' ? [target] : (await r.resolveMx(target)).slice(0, 10).map((m) => m.exchange);
        const found = (await Promise.all(hosts.map((h) => addressesOf(r, h)))).flat();
        if (matchAny(addresses, found, t)) return verdict(t.qualifier);
      } catch {
        return 'unknown';
      }
      continue;
    }
    // ptr, exists and anything unparsable depend on more than the addresses: no verdict.
    return 'unknown';
  }
  if (redirect) {
    if (++budget.lookups > MAX_LOOKUPS) return 'unknown';
    return spfVerdict(r, redirect, addresses, budget, depth + 1);
  }
  return 'not-listed';
}
