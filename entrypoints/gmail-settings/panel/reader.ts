/**
 * Reads Gmail's Settings › Accounts and Import: is "Add a mail account" offered (available), is the
 * "Check mail from other accounts" row there without it (closed), or is the row gone; and each
 * fetch-account row's address, status, last check and error text.
 *
 * Found by what a person reads (ACCOUNTS_TEXTS in labels.ts, en and zh-TW) and by structure around
 * the heading, whatever builds it (table or ARIA rows, a definition list, nested blocks, a grid):
 * the row's content is the block beside the heading's own cell that holds the row's parts (the
 * "Add a mail account" link, the closing notice, the accounts' "edit info" / "delete"). The heading
 * cell's own sub-blocks ("Learn more", explanations) are never taken for it. Never by Gmail's ids
 * or class names, which are obfuscated and change. When the heading is there but no such block is,
 * the state is `unreadable`: the panel says so rather than guessing.
 */
import type { FetchAccount, PageState } from '@/utils/audit/schema';
import { matchGmailError } from '@/utils/audit/gmail-errors';
import { ACCOUNTS_ROW_TEXTS, ACCOUNTS_TEXTS } from '@/utils/gmail/labels';
import { textMatches, visibleText } from '@/utils/page/text';

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
const MAX_TEXT_NODES = 50_000;

/** Text nodes under root (not in shadow roots, scripts, styles, templates), bounded for huge pages. */
function* textNodes(root: ParentNode): Generator<Text> {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root as Node, 4 /* SHOW_TEXT */);
  let n = 0;
  for (let node = walker.nextNode(); node && n < MAX_TEXT_NODES; node = walker.nextNode(), n++) {
    const p = node.parentElement;
    if (!p || /^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT)$/i.test(p.tagName)) continue;
    if (node.nodeValue && node.nodeValue.trim()) yield node as Text;
  }
}

/** The heading's element: a short text that starts with the heading (Gmail appends ":" or "Learn more"). */
function findHeading(root: ParentNode): Element | null {
  for (const node of textNodes(root)) {
    const s = node.nodeValue ?? '';
    if (s.length > 80) continue;
    if (textMatches(s, ACCOUNTS_TEXTS.checkMailHeading, 'prefix')) return node.parentElement;
  }
  return null;
}

/**
 * Does the block hold one of the fetch row's own parts: the add link, the closing notice, or an
 * account's action links? Addresses alone do not count: an explanation may show an example one.
 */
function hasRowPart(el: Element): boolean {
  for (const node of textNodes(el)) {
    const s = node.nodeValue ?? '';
    if (s.length > 300) continue;
    if (
      textMatches(s, ACCOUNTS_TEXTS.addMailAccount, 'exact') ||
      textMatches(s, ACCOUNTS_ROW_TEXTS.rowActions, 'exact') ||
      (textMatches(s, ACCOUNTS_TEXTS.closedNotice, 'contains') && !textMatches(s, ACCOUNTS_TEXTS.checkMailHeading, 'prefix'))
    )
      return true;
  }
  return false;
}

/** Does the block start another settings row ("Send mail as:", "Grant access …")? */
const holdsOtherRow = (el: Element): boolean => findLandmark(el) !== null;

/**
 * The row's content: climbing from the heading, the first level whose following siblings hold the
 * row's parts. Below that level the siblings are the heading cell's own sub-blocks, which hold no
 * such part. Siblings before the first part (an explanation) are skipped; after it, content runs
 * until a block with text but no part (the next row's heading in a grid) or another settings row.
 */
function rowOf(heading: Element): Element[] {
  for (let el: Element | null = heading; el && el.parentElement && el.tagName !== 'BODY'; el = el.parentElement) {
    const content: Element[] = [];
    for (let sib = el.nextElementSibling; sib; sib = sib.nextElementSibling) {
      if (holdsOtherRow(sib)) break;
      if (hasRowPart(sib)) content.push(sib);
      else if (content.length && visibleText(sib)) break;
    }
    if (content.length) return content;
    // Climbing past a block that holds another settings row would reach the whole page.
    if (el !== heading && holdsOtherRow(el)) return [];
  }
  return [];
}

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
const anyOf = (variants: readonly string[]): string => variants.map(escapeRe).join('|');

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

const LAST_CHECKED = new RegExp(`(?:${anyOf(ACCOUNTS_ROW_TEXTS.lastChecked)})\\s*[:：]\\s*([^.。]+)`, 'i');
const ERROR_PREFIX = new RegExp(`(?:^|[\\s.。])(?:${anyOf(ACCOUNTS_ROW_TEXTS.errorPrefix)})\\s*[:：]\\s*(.+)$`, 'i');

export function parseStatus(status: string): { lastChecked?: string; error?: string } {
  const out: { lastChecked?: string; error?: string } = {};
  const lc = LAST_CHECKED.exec(status);
  if (lc?.[1]) out.lastChecked = lc[1].trim().slice(0, 200);
  const err = ERROR_PREFIX.exec(status);
  if (err?.[1]) out.error = err[1].trim().slice(0, 1000);
  else if (matchGmailError(status)) out.error = status.slice(0, 1000);
  return out;
}

/**
 * Is this fetch account the Mail2000 one? Gmail's row shows only the address (the server is in
 * "edit info"), so the domain decides: the profile's own address domain, or the server's domain
 * (mail.au.edu.tw serves @mail.au.edu.tw and @au.edu.tw).
 */
export function isMail2000Address(address: string, opts: { host: string; profileAddress?: string }): boolean {
  const domain = address.split('@')[1]?.toLowerCase();
  if (!domain) return false;
  const own = opts.profileAddress?.split('@')[1]?.toLowerCase();
  if (own && domain === own) return true;
  // The server's domain, or the domain it serves mail for (mail.au.edu.tw → au.edu.tw); never
  // broader, or "edu.tw" would make every school's account a Mail2000 one.
  const host = opts.host.toLowerCase();
  return host === domain || host.slice(host.indexOf('.') + 1) === domain;
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

/** Any other part of Accounts and Import: proof that the page has loaded even if the row is missing. */
function findLandmark(root: ParentNode): Element | null {
  for (const node of textNodes(root)) {
    const s = node.nodeValue ?? '';
    if (s.length <= 60 && textMatches(s, ACCOUNTS_TEXTS.pageLandmarks, 'prefix')) return node.parentElement;
  }
  return null;
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

const stillHeading = (el: Element | null | undefined): el is Element =>
  !!el && el.isConnected && textMatches(el.textContent ?? '', ACCOUNTS_TEXTS.checkMailHeading, 'prefix');

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
