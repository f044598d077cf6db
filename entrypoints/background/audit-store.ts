/**
 * Keeps the last settings audit (from the panel on Gmail's Accounts and Import) in storage.local
 * for the popup, and answers `audit:last`. Copies into history are made by register-probe.ts.
 *
 * The panel judges what the page shows; here the audit is completed with the last reachability
 * probe of the profile's server (DESIGN: "background combines with the last probe and the
 * profile"), and the completed audit goes back to the panel in the reply.
 */
import { browser } from 'wxt/browser';
import { AuditSchema, type Audit } from '@/utils/audit/schema';
import { auditFindings } from '@/utils/audit/rules';
import { History } from '@/utils/history/store';
import { MessageSchema } from '@/utils/messaging/messages';
import type { Profile } from '@/utils/profile/schema';
import { loadProfile } from '@/utils/profile/store';
import type { ProbeReport } from '@/contract/protocol';
import type { KeyValueArea } from './setup-intent';

/** A probe older than this says little about today's failures. */
export const PROBE_FRESH_MS = 24 * 60 * 60 * 1000;

export interface AuditStoreDeps {
  loadProfile(): Promise<Profile>;
  /** The newest probe of `host` made at or after `since`, or null. */
  lastProbe(host: string, since: number): Promise<ProbeReport | null>;
}

export const LAST_AUDIT_KEY = 'm2k:lastAudit';

export type AuditStoreReply = { audit: Audit | null } | { ok: true; audit: Audit };

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

export function createAuditStoreHandler(area: KeyValueArea, deps?: AuditStoreDeps) {
  return async (raw: unknown): Promise<AuditStoreReply | undefined> => {
    const msg = MessageSchema.safeParse(raw);
    if (!msg.success) return undefined;
    if (msg.data.type === 'audit:save') {
      const audit = await complete(msg.data.audit, deps);
      await area.set({ [LAST_AUDIT_KEY]: audit });
      return { ok: true, audit };
    }
    if (msg.data.type === 'audit:last') {
      // What is stored may come from an older version: a record that no longer parses counts as none.
      const parsed = AuditSchema.safeParse((await area.get(LAST_AUDIT_KEY))[LAST_AUDIT_KEY]);
      return { audit: parsed.success ? parsed.data : null };
    }
    return undefined;
  };
}

let history: Promise<History> | undefined;

const lastProbe = async (host: string, since: number): Promise<ProbeReport | null> => {
  try {
    history ??= History.open();
    const { records } = await (await history).list();
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i]!;
      if (r.at < since) break;
      if (r.kind === 'probe' && r.host === host) return { host: r.host, ms: r.ms, results: r.results };
    }
  } catch {
    history = undefined;
  }
  return null;
};

export const registerAuditStore = (): void => {
  const handle = createAuditStoreHandler(browser.storage.local as unknown as KeyValueArea, {
    loadProfile: async () => (await loadProfile()).profile,
    lastProbe,
  });
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (type !== 'audit:save' && type !== 'audit:last') return undefined;
    return handle(raw);
  });
};
