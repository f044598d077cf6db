/**
 * What the panel shows, computed from the page, the profile and the date. Pure (no DOM, no
 * browser API) so the panel's decisions are unit-tested without a browser.
 */
import type { AccountsPageRead } from './reader';
import { MAX_ADDRESS_CHARS, type Finding, type PageRead, type SiteOffer } from '@/utils/audit/schema';
import type { Profile } from '@/utils/profile/schema';
import { effectiveUsername } from '@/utils/profile/seed';
import { formatEventMonth, retirementEvent, retirementStatus } from '@/utils/gmail/pop-retirement';
import type { Translate } from '@/utils/i18n/translate';
import { manualSettings, type ManualItem } from '../manual';

export type PanelState = AccountsPageRead['state'];

export interface Countdown {
  address: string;
  days: number;
  over: boolean;
}

export interface PanelModel {
  state: PanelState;
  /** Say what Google announced and what still works. */
  showRetirement: boolean;
  /** The announced stop of existing fetchers, as a month in the panel's language. */
  stopMonth: string;
  /** When third-party "Send mail as" ends, as a month in the panel's language. */
  sendAsMonth: string;
  sourceUrl: string;
  countdowns: Countdown[];
  /** The background's judgement of what was read; null until it answered (or when it could not). */
  findings: Finding[] | null;
  /** Fetch accounts on another known Mail2000 site, with its server: "Use these settings". */
  offers: SiteOffer[];
  /** The background did not answer: say that the settings could not be checked. */
  unjudged: boolean;
  /** IMAP settings for the Gmail app; null when the profile could not be read. */
  imap: { host: string; port: number; user: string } | null;
  label: string;
  /** The page did not have everything we look for: offer "Copy page structure". */
  offerSnapshot: boolean;
  /** The row could not be read: the settings to type by hand (null without a profile). */
  manual: ManualItem[] | null;
  /** "Forward Mail2000 to this Gmail": the profile's webmail and the address this tab's Gmail shows (null: not found). */
  forward: { host: string | null; gmail: string | null };
}

export function buildPanelModel(
  read: Pick<AccountsPageRead, 'state' | 'accounts' | 'notice'>,
  profile: Profile | null,
  now: number,
  lang: 'en' | 'zh_TW',
  t?: Translate,
  gmail: string | null = null,
): PanelModel {
  const rs = retirementStatus(now);
  return {
    state: read.state,
    showRetirement: read.state !== 'available' || rs.newAccountsClosed,
    stopMonth: formatEventMonth('fetch-stops', lang),
    sendAsMonth: formatEventMonth('send-as-ends', lang),
    sourceUrl: retirementEvent('fetch-stops').sourceUrl,
    countdowns: read.accounts
      .filter((a) => a.isMail2000)
      .map((a) => ({ address: a.address, days: rs.daysToFetchStop, over: rs.fetchStopped })),
    findings: null,
    offers: [],
    unjudged: false,
    imap: profile ? { host: profile.host, port: profile.ports.imaps, user: effectiveUsername(profile) } : null,
    label: profile?.labelName ?? 'Mail2000',
    // Gone, not understood, or the link missing without Gmail's notice: perhaps Gmail changed the page.
    offerSnapshot:
      read.state === 'unknown' || read.state === 'unreadable' || read.state === 'gone' || (read.state === 'closed' && !read.notice),
    manual: read.state === 'unreadable' && profile && t ? manualSettings(profile, t) : null,
    forward: { host: profile?.host || null, gmail },
  };
}

export interface FindingGroup {
  code: Finding['code'];
  severity: Finding['severity'];
  /** The accounts it concerns, in page order; empty for a page-wide finding. */
  accounts: string[];
}

/**
 * One entry per code for the panel (several accounts failing the same way share a cause and a
 * fix); the audit keeps the findings per account. Order and severity follow the first finding.
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const g = groups.get(f.code) ?? { code: f.code, severity: f.severity, accounts: [] };
    if (f.account && !g.accounts.includes(f.account)) g.accounts.push(f.account);
    groups.set(f.code, g);
  }
  return [...groups.values()];
}

/**
 * What the background is asked to judge; nothing while the page is not understood. An account whose
 * address is longer than any real address (MAX_ADDRESS_CHARS) is left out: clipped, it would name
 * another address, and kept, it would make the background refuse the whole read.
 */
export function readOf(read: Pick<AccountsPageRead, 'state' | 'accounts'>, now: number): PageRead | null {
  // Nothing read is nothing to audit: the popup must not show a state the page did not show.
  if (read.state === 'unknown' || read.state === 'unreadable') return null;
  return { at: now, pageState: read.state, accounts: read.accounts.filter((a) => a.address.length <= MAX_ADDRESS_CHARS).slice(0, 10) };
}
