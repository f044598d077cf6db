/**
 * Where the "Check mail from other accounts" row is on Gmail's Settings › Accounts and Import: its
 * heading, the row's content beside it, or, with no heading, another part of the page that shows
 * it has loaded. Kept apart from reading the row's parts (reader.ts): finding the row is the
 * structural guesswork, the part a new Gmail layout changes.
 *
 * Found by what a person reads (ACCOUNTS_TEXTS in labels.ts, en and zh-TW) and by structure around
 * the heading, whatever builds it (table or ARIA rows, a definition list, nested blocks, a grid):
 * the row's content is the block beside the heading's own cell that holds the row's parts (the
 * "Add a mail account" link, the closing notice, the accounts' "edit info" / "delete"). The heading
 * cell's own sub-blocks ("Learn more", explanations) are never taken for it. Never by Gmail's ids
 * or class names, which are obfuscated and change.
 */
import { ACCOUNTS_ROW_TEXTS, ACCOUNTS_TEXTS } from '@/utils/gmail/labels';
import { textMatches, visibleText } from '@/utils/page/text';

const MAX_TEXT_NODES = 50_000;

/** Text nodes under root (not in shadow roots, scripts, styles, templates), bounded for huge pages. */
export function* textNodes(root: ParentNode): Generator<Text> {
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
export function findHeading(root: ParentNode): Element | null {
  for (const node of textNodes(root)) {
    const s = node.nodeValue ?? '';
    if (s.length > 80) continue;
    if (textMatches(s, ACCOUNTS_TEXTS.checkMailHeading, 'prefix')) return node.parentElement;
  }
  return null;
}

/** Is the heading found by an earlier read still on the page and still the heading? */
export const stillHeading = (el: Element | null | undefined): el is Element =>
  !!el && el.isConnected && textMatches(el.textContent ?? '', ACCOUNTS_TEXTS.checkMailHeading, 'prefix');

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
export function rowOf(heading: Element): Element[] {
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

/** Any other part of Accounts and Import: proof that the page has loaded even if the row is missing. */
export function findLandmark(root: ParentNode): Element | null {
  for (const node of textNodes(root)) {
    const s = node.nodeValue ?? '';
    if (s.length <= 60 && textMatches(s, ACCOUNTS_TEXTS.pageLandmarks, 'prefix')) return node.parentElement;
  }
  return null;
}
