/**
 * Reads Gmail's Settings › Accounts and Import: is "Add a mail account" offered (available), is the
 * "Check mail from other accounts" row there without it (closed), or is the row gone; and each
 * fetch-account row's address, status, last check and error text.
 *
 * Where the row is comes from fetch-row.ts, what an account's text means from account-text.ts; this
 * module reads the parts of the row it is given. When the heading is there but no block with the
 * row's parts is, the state is `unreadable`: the panel says so rather than guessing.
 */
import type { FetchAccount, PageState } from '@/utils/audit/schema';
import { ACCOUNTS_ROW_TEXTS, ACCOUNTS_TEXTS } from '@/utils/gmail/labels';
import { textMatches, visibleText } from '@/utils/page/text';
import { isMail2000Address, parseStatus } from './account-text';
import { findHeading, findLandmark, rowOf, stillHeading, textNodes } from './fetch-row';

export interface AccountsPageRead {
  /**
   * One of the states an audit saves (`PageStateSchema`, utils/audit/schema.ts), or one the panel
   * reads but never saves: `unknown`, neither the row nor any other part of Accounts and Import is
   * on the page (yet); `unreadable`, the row's heading is there, but not a block that holds the
   * row's parts.
   */
  state: PageState | 'unknown' | 'unreadable';
  /** The fetch row's content: the block(s) beside the heading's own cell. */
  row: Element[];
  addLink: HTMLElement | null;
  notice: string | null;
  accounts: FetchAccount[];
  /** Gmail's own "Check mail now" link of each account that has one, by address. */
  checkNow: Map<string, HTMLElement>;
  /** Where the panel goes: as the last child of `into`, before `before`, or right after `after`. */
  placement: { into: Element } | { before: Element } | { after: Element } | null;
}

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const LINKISH = 'a, button, [role="link"], [role="button"], [tabindex]';

const inRow = (row: Element[], n: Node): boolean => row.some((r) => r.contains(n));

function findAddLink(row: Element[]): HTMLElement | null {
  for (const r of row) {
    for (const el of Array.from(r.querySelectorAll<HTMLElement>(LINKISH))) {
      if (textMatches(visibleText(el), ACCOUNTS_TEXTS.addMailAccount, 'exact')) return el;
    }
  }
  // Gmail may make a plain element clickable with a script alone (no role, no tabindex): then the
  // element whose whole text is "Add a mail account" is the link.
  for (const r of row) {
    for (const node of textNodes(r)) {
      if (!textMatches(node.nodeValue ?? '', ACCOUNTS_TEXTS.addMailAccount, 'exact')) continue;
      let el = node.parentElement;
      while (
        el?.parentElement &&
        r.contains(el.parentElement) &&
        textMatches(visibleText(el.parentElement), ACCOUNTS_TEXTS.addMailAccount, 'exact')
      ) {
        el = el.parentElement;
      }
      if (el) return el;
    }
  }
  return null;
}

function findNotice(row: Element[]): Element | null {
  for (const r of row) {
    for (const node of textNodes(r)) {
      const s = node.nodeValue ?? '';
      if (textMatches(s, ACCOUNTS_TEXTS.closedNotice, 'contains') && !textMatches(s, ACCOUNTS_TEXTS.checkMailHeading, 'prefix')) {
        return node.parentElement?.closest('p, div, span, td, li') ?? node.parentElement;
      }
    }
  }
  return null;
}

const distinctAddresses = (s: string): Set<string> => new Set((s.match(EMAIL) ?? []).map((a) => a.toLowerCase()));

/**
 * One account's block: climb from its address while the parent still holds only this one address
 * and none of the row's own parts (heading, add link, notice).
 */
function entryOf(start: Element, stopAt: readonly Element[], row: Element[]): Element {
  let entry = start;
  for (let p = start.parentElement; p && inRow(row, p) && !row.includes(p); p = p.parentElement) {
    if (stopAt.some((s) => p.contains(s))) break;
    if (distinctAddresses(visibleText(p)).size > 1) break;
    entry = p;
  }
  return entry;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Everything the row says about this account except its address, "(POP3)" and the action links. */
function statusOf(entry: Element, address: string): string {
  const links = new Set(
    Array.from(entry.querySelectorAll(LINKISH)).filter((l) => textMatches(visibleText(l), ACCOUNTS_ROW_TEXTS.rowActions, 'exact')),
  );
  let out = '';
  const walk = (n: Node): void => {
    if (n.nodeType === 3) out += n.nodeValue ?? '';
    else if (n.nodeType === 1 && !links.has(n as Element) && !/^(SCRIPT|STYLE|TEMPLATE)$/i.test((n as Element).tagName)) {
      n.childNodes.forEach(walk);
      out += ' ';
    }
  };
  walk(entry);
  return out
    .replace(new RegExp(escapeRe(address), 'gi'), ' ')
    .replace(/\(\s*pop3?\s*\)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The account's "Check mail now", found by its text in either language. */
const checkNowIn = (entry: Element): HTMLElement | null =>
  Array.from(entry.querySelectorAll<HTMLElement>(LINKISH)).find((l) => textMatches(visibleText(l), ACCOUNTS_ROW_TEXTS.checkNow, 'exact')) ??
  null;

function readAccounts(
  row: Element[],
  stopAt: Element[],
  opts: { host: string; profileAddress?: string },
  checkNow: Map<string, HTMLElement>,
): FetchAccount[] {
  const seen = new Set<string>();
  const accounts: FetchAccount[] = [];
  for (const r of row) {
    for (const node of textNodes(r)) {
      const matches = (node.nodeValue ?? '').match(EMAIL);
      const start = node.parentElement;
      if (!matches || !start) continue;
      for (const raw of matches) {
        const address = raw.toLowerCase();
        if (seen.has(address)) continue;
        seen.add(address);
        const entry = entryOf(start, stopAt, row);
        const status = statusOf(entry, raw).slice(0, 1000);
        accounts.push({ address, status, ...parseStatus(status), isMail2000: isMail2000Address(address, opts) });
        const link = checkNowIn(entry);
        if (link) checkNow.set(address, link);
        if (accounts.length >= 10) return accounts;
      }
    }
  }
  return accounts;
}

export interface ReadOptions {
  host: string;
  profileAddress?: string;
  /**
   * The heading found by the previous read: re-reading while Gmail changes the page then looks at
   * that row only instead of every text on the page (Gmail's page holds tens of thousands).
   */
  heading?: Element | null;
}

export function readAccountsPage(root: ParentNode, opts: ReadOptions): AccountsPageRead & { heading: Element | null } {
  const heading = stillHeading(opts.heading) ? opts.heading : findHeading(root);
  if (!heading) {
    const landmark = findLandmark(root);
    if (!landmark)
      return { state: 'unknown', row: [], addLink: null, notice: null, accounts: [], checkNow: new Map(), placement: null, heading: null };
    // Before the settings block the landmark sits in, so the panel is seen first.
    const block = landmark.closest('table, dl, section, [role="table"]') ?? landmark.parentElement ?? landmark;
    return {
      state: 'gone',
      row: [],
      addLink: null,
      notice: null,
      accounts: [],
      checkNow: new Map(),
      placement: { before: block },
      heading: null,
    };
  }
  const row = rowOf(heading);
  if (!row.length) {
    // The heading is there, its row's parts are not where we look: say so, never guess a state.
    const cell = heading.closest('tr, [role="row"], dt, li') ?? heading.parentElement ?? heading;
    return {
      heading,
      state: 'unreadable',
      row: [],
      addLink: null,
      notice: null,
      accounts: [],
      checkNow: new Map(),
      placement: { after: cell },
    };
  }
  const addLink = findAddLink(row);
  const noticeEl = findNotice(row);
  const notice = noticeEl ? visibleText(noticeEl).slice(0, 500) : null;
  const stopAt = [heading, ...(addLink ? [addLink] : []), ...(noticeEl ? [noticeEl] : [])];
  const checkNow = new Map<string, HTMLElement>();
  const accounts = readAccounts(row, stopAt, opts, checkNow);
  const last = row[row.length - 1]!;
  // A block takes the panel inside; a lone link or span beside the heading gets it right after.
  const placement = last.matches(LINKISH) ? { after: last } : { into: last };
  return {
    heading,
    state: addLink ? 'available' : noticeEl || accounts.length ? 'closed' : 'unreadable',
    row,
    addLink,
    notice,
    accounts,
    checkNow,
    placement,
  };
}
