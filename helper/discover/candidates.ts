/**
 * The names a discovery tries for an address's domain, as a person's mail program would guess them:
 * the known sites for the domain first (they are sourced), then mail., pop., pop3., imap., smtp.
 * and webmail. + domain, the domain itself, the parent domain's mail., and the domain's MX hosts.
 * Nothing else: the native host probes only names derived from the domain it was asked about.
 */
import { HostnameSchema } from '@/contract/fields';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import type { KnownSiteEntry } from '@/contract/known-sites';
import type { DiscoverCandidate } from '@/contract/discovery';

export const PREFIXES = ['mail', 'pop', 'pop3', 'imap', 'smtp', 'webmail'] as const;

/** Second-level names under a country code that are registries, not one organisation's domain. */
const REGISTRY_SLD = /^(?:edu|com|gov|org|net|ac|co|idv|mil|go|or|ne|gob|nic)\.[a-z]{2}$/;

/** A domain we may discover for: a DNS name of at least two labels, not an address, not a registry suffix. */
export function isDiscoverableDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (!HostnameSchema.safeParse(d).success) return false;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(d) || d.includes(':')) return false;
  const labels = d.split('.');
  if (labels.length < 2) return false;
  return !REGISTRY_SLD.test(d);
}

/** The parent domain when it is still one organisation's (au.edu.tw for cc.au.edu.tw; none for au.edu.tw). */
export function parentDomain(domain: string): string | undefined {
  const labels = domain.split('.');
  if (labels.length < 3) return undefined;
  const parent = labels.slice(1).join('.');
  return isDiscoverableDomain(parent) ? parent : undefined;
}

export type NamedCandidate = Pick<DiscoverCandidate, 'host' | 'sources'>;

/** The candidate names in the order they are preferred when two share an address. */
export function candidateNames(domain: string, mxHosts: readonly string[], known: readonly KnownSiteEntry[]): NamedCandidate[] {
  const d = domain.toLowerCase();
  const out = new Map<string, NamedCandidate>();
  const add = (host: string, source: NamedCandidate['sources'][number]) => {
    const h = host.toLowerCase().replace(/\.$/, '');
    if (!HostnameSchema.safeParse(h).success) return;
    const have = out.get(h);
    if (have) {
      if (!have.sources.includes(source)) have.sources.push(source);
      return;
    }
    if (out.size >= DISCOVERY_LIMITS.candidates) return;
    out.set(h, { host: h, sources: [source] });
  };
  for (const k of known) add(k.host, 'known');
  for (const p of PREFIXES) add(`${p}.${d}`, 'prefix');
  add(d, 'domain');
  const parent = parentDomain(d);
  if (parent) add(`mail.${parent}`, 'parent');
  for (const mx of mxHosts.slice(0, DISCOVERY_LIMITS.mxHosts)) add(mx, 'mx');
  return [...out.values()];
}

/** Whether `host` is `domain` or a name inside it. */
export const inDomain = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);
