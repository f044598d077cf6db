/**
 * Keeps the last settings audit (from the panel on Gmail's Accounts and Import) in storage.local
 * for the popup, copies each into history, and completes it with the last reachability probe of
 * the profile's server before sending it back to the panel.
 */
import { AuditSchema, type Audit } from '@/utils/audit/schema';
import { auditFindings } from '@/utils/audit/rules';
import type { HistoryRecord } from '@/utils/history/store';
import type { Handlers } from '@/utils/messaging/router';
import type { Profile } from '@/utils/profile/schema';
import type { ProbeReport } from '@/contract/protocol';
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
}

/** The audit with the findings recomputed from the profile and the last fresh probe (unchanged when either is missing). */
async function complete(audit: Audit, deps: AuditStoreDeps | undefined): Promise<Audit> {
  if (!deps) return audit;
  try {
    const profile = await deps.loadProfile();
    const probe = await deps.lastProbe(profile.host, audit.at - PROBE_FRESH_MS);
    if (!probe) return audit;
    const findings = auditFindings({ profile, accounts: audit.accounts, pageState: audit.pageState, now: audit.at, probe });
    return { ...audit, findings: findings.slice(0, 100) };
  } catch {
    return audit;
  }
}

export function createAuditHandlers(area: KeyValueArea, deps?: AuditStoreDeps): Pick<Handlers, 'audit:save' | 'audit:last'> {
  return {
    'audit:save': async ({ audit }) => {
      void deps?.saveRun?.({ kind: 'audit', at: audit.at, audit });
      const completed = await complete(audit, deps);
      await area.set({ [LAST_AUDIT_KEY]: completed });
      return { ok: true, audit: completed };
    },
    'audit:last': async () => {
      // What is stored may come from an older version: a record that no longer parses counts as none.
      const parsed = AuditSchema.safeParse((await area.get(LAST_AUDIT_KEY))[LAST_AUDIT_KEY]);
      return { audit: parsed.success ? parsed.data : null };
    },
  };
}
