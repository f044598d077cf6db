/**
 * The settings audit's judge and keeper. The panel on Gmail's Accounts and Import sends what it read;
 * the background turns it into findings (utils/audit/rules.ts) with the profile and the last
 * reachability probe of the profile's server, keeps the audit in storage.local for the popup, copies
 * it into history, and names the fetch accounts that sit on another known Mail2000 site.
 */
import { AuditSchema, type Audit, type PageRead, type SiteOffer } from '@/utils/audit/schema';
import { auditFindings } from '@/utils/audit/rules';
import type { HistoryRecord } from '@/utils/history/records';
import type { Handlers } from '@/utils/messaging/router';
import type { Profile } from '@/utils/profile/schema';
import type { ProbeReport } from '@/contract/protocol';
import { knownSiteOfAddress, type KnownSiteEntry } from '@/contract/known-sites';
import type { KeyValueArea } from './setup-intent';

/** A probe older than this says little about today's failures. */
export const PROBE_FRESH_MS = 24 * 60 * 60 * 1000;

export const LAST_AUDIT_KEY = 'm2k:lastAudit';

export interface AuditStoreDeps {
  loadProfile(): Promise<Profile>;
  /** The newest probe of `host` made at or after `since`, or null. */
  lastProbe(host: string, since: number): Promise<ProbeReport | null>;
  /** Copies the audit into history; failures are the history's own business. */
  saveRun?(record: HistoryRecord): Promise<unknown>;
  /** The known Mail2000 sites (default: contract/mail2000-sites.json). */
  known?: readonly KnownSiteEntry[];
}

/** The findings for what the panel read: from Gmail's texts and the date alone when the profile or the probe cannot be had. */
async function judge(read: PageRead, deps: AuditStoreDeps): Promise<{ audit: Audit; profile: Profile | null }> {
  const profile = await deps.loadProfile().catch(() => null);
  const probe = profile ? await deps.lastProbe(profile.host, read.at - PROBE_FRESH_MS).catch(() => null) : null;
  const findings = auditFindings({ profile, accounts: read.accounts, pageState: read.pageState, now: read.at, probe });
  return { audit: { ...read, findings: findings.slice(0, 100) }, profile };
}

/** Fetch accounts that are not on the profile's server but on a known Mail2000 site: one offer each, with the site's server. */
export function siteOffers(read: PageRead, profileHost: string | undefined, known?: readonly KnownSiteEntry[]): SiteOffer[] {
  const offers: SiteOffer[] = [];
  for (const a of read.accounts) {
    if (a.isMail2000) continue;
    const site = knownSiteOfAddress(a.address, known);
    if (site && site.host !== profileHost?.toLowerCase()) offers.push({ address: a.address, host: site.host });
  }
  return offers.slice(0, 10);
}

export function createAuditHandlers(area: KeyValueArea, deps: AuditStoreDeps): Pick<Handlers, 'audit:save' | 'audit:last'> {
  return {
    'audit:save': async ({ read }) => {
      const { audit, profile } = await judge(read, deps);
      // Stored before the answer, so a page opened next (the report) finds it; the history's failures are its own.
      await deps.saveRun?.({ kind: 'audit', at: audit.at, audit }).catch(() => undefined);
      await area.set({ [LAST_AUDIT_KEY]: audit });
      return { ok: true, audit, offers: siteOffers(read, profile?.host, deps.known) };
    },
    'audit:last': async () => {
      // What is stored may come from an older version: a record that no longer parses counts as none.
      const parsed = AuditSchema.safeParse((await area.get(LAST_AUDIT_KEY))[LAST_AUDIT_KEY]);
      return { audit: parsed.success ? parsed.data : null };
    },
  };
}
