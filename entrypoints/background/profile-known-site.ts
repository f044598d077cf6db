/**
 * `profile:use-known-site`: the panel offers a known Mail2000 site's settings for a fetch account
 * that is not the profile's. Only a host of the known-sites table is taken, never one the page
 * names, and the profile records that it was not verified from this computer.
 */
import { KNOWN_SITES } from '@/contract/known-sites';
import { DEFAULT_PORTS } from '@/contract/mail2000';
import type { Profile } from '@/utils/profile/schema';

export function profileFromKnownSite(current: Profile, host: string, now: number): Profile {
  const site = KNOWN_SITES.find((s) => s.host === host.toLowerCase());
  if (!site) throw new Error('not a known Mail2000 site');
  return {
    ...current,
    host: site.host,
    popPort: site.popPort ?? 995,
    ports: { ...DEFAULT_PORTS },
    verified: { at: now, how: 'known-site', host: site.host, source: site.source },
  };
}
