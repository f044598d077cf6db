/**
 * The settings audit: what is wrong with the person's Gmail fetch setup, from what the
 * Accounts and Import page shows (rows, page state), the Mail2000 profile they set up with, the
 * date, and the last reachability probe when there is one. Pure: the same inputs give the same
 * findings, so the panel, the popup and the tests agree.
 */
import type { Profile } from '../profile/schema';
import type { ProbeReport } from '@/contract/protocol';
import { retirementStatus } from '../gmail/pop-retirement';
import { matchGmailError } from './gmail-errors';
import type { FetchAccount, Finding, PageState } from './schema';

export interface AuditInput {
  /** null when the profile could not be read: only Gmail's own texts and the timeline are judged. */
  profile: Profile | null;
  accounts: readonly FetchAccount[];
  pageState: PageState;
  now: number;
  probe?: ProbeReport | null;
}

/** Errors first, then warnings, then notes; within a level, the order the rules found them. */
const RANK: Record<Finding['severity'], number> = { error: 0, warn: 1, info: 2 };

export function auditFindings({ profile, accounts, pageState, now, probe }: AuditInput): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const add = (f: Finding): void => {
    const key = `${f.code}|${f.account ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };

  // 1. Gmail's own error on each row.
  for (const a of accounts) {
    const text = a.error ?? a.status;
    const m = matchGmailError(text);
    if (m) add({ code: m.code, severity: m.code === 'try-later' ? 'warn' : 'error', account: a.address, evidence: m.evidence });
  }

  // 2. The settings the person set up with (the profile is what our wizard filled). They only
  //    matter when there is a Mail2000 fetch account, or one can still be added.
  const mail2000 = accounts.filter((a) => a.isMail2000);
  const relevant = mail2000.length > 0 || pageState === 'available';
  const target = mail2000.length === 1 ? mail2000[0]!.address : undefined;
  if (profile && relevant) {
    if (profile.popPort === 110) add({ code: 'not-secure', severity: 'warn', ...(target ? { account: target } : {}) });
    if (!profile.keepCopy) add({ code: 'no-keep-copy', severity: 'warn', ...(target ? { account: target } : {}) });
    if (!profile.label) add({ code: 'no-label', severity: 'info', ...(target ? { account: target } : {}) });
  }

  // 3. The last probe of the Mail2000 server, POP services only (what Gmail uses).
  for (const r of probe?.results ?? []) {
    if (!profile) break;
    if (r.service !== 'pop3' && r.service !== 'pop3s') continue;
    if (r.service === 'pop3s' && profile.popPort !== 995) continue;
    if (r.service === 'pop3' && profile.popPort !== 110) continue;
    const failed = r.stages.find((s) => !s.ok);
    const evidence = failed ? `${r.service} ${r.port}: ${failed.name} ${failed.code ?? ''}`.trim() : undefined;
    if (failed?.name === 'dns') add({ code: 'dns', severity: 'error', ...(evidence ? { evidence } : {}) });
    else if (failed && (failed.name === 'tcp' || failed.code === 'ETIMEDOUT'))
      add({ code: 'network', severity: 'error', ...(evidence ? { evidence } : {}) });
    if (r.auth === 'rejected') add({ code: 'auth-denied', severity: 'error', evidence: `${r.service} ${r.port}: login rejected` });
    const caps = r.capabilities?.map((c) => c.toUpperCase().split(' ')[0]);
    if (r.ok && caps && caps.length > 0 && !caps.includes('UIDL') && profile.keepCopy) {
      add({ code: 'no-uidl', severity: 'warn', evidence: `${r.service} ${r.port}: no UIDL in CAPA` });
    }
  }

  // 4. Gmail's POP fetch is retiring (pop-retirement.json): each Mail2000 fetcher gets a countdown;
  //    without one, say it once when adding is closed (by Google's word or by the page).
  const rs = retirementStatus(now);
  if (mail2000.length > 0) {
    for (const a of mail2000) add({ code: 'pop-retiring', severity: rs.fetchStopped ? 'error' : 'warn', account: a.address });
  } else if (pageState !== 'available' || rs.newAccountsClosed) {
    add({ code: 'pop-retiring', severity: 'info' });
  }

  return out
    .map((f, i) => [f, i] as const)
    .sort((x, y) => RANK[x[0].severity] - RANK[y[0].severity] || x[1] - y[1])
    .map(([f]) => f);
}
