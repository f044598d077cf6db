/**
 * Which server a forwarding test sends through: the one the caller names, else the known Mail2000
 * site of the address's domain (contract/mail2000-sites.json; mail.au.edu.tw for au.edu.tw). Never
 * a guess beyond that: the test logs in with the person's password, which must not go to a server
 * of another organisation because its name looked likely.
 */
import { addressDomain, knownSitesFor, type KnownSiteEntry } from '@/contract/known-sites';

export type HostChoice = { host: string; source: 'given' | 'known-site' } | { host?: undefined; domain: string };

export function chooseHost(address: string, given: string | undefined, table?: readonly KnownSiteEntry[]): HostChoice {
  if (given) return { host: given.toLowerCase(), source: 'given' };
  const domain = addressDomain(address);
  const site = knownSitesFor(domain, table)[0];
  return site ? { host: site.host, source: 'known-site' } : { domain };
}
