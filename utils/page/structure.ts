/**
 * "Copy page structure": when a page (Gmail's, a Mail2000 webmail's) changes and we cannot find what
 * we need, the person can paste this into a bug report. It tells us the shape of the page — tag
 * names, input types, roles, the texts that label each control, and the page's known texts around
 * them — and nothing of the person: no values, no placeholders, no option names other than ports
 * and the ones the caller names, no addresses, no message text (other text shows only as its
 * length). Each page has its own list of known texts (utils/gmail/snapshot.ts, utils/mail2000/).
 */
import { controlsIn, kindOf, namingsOf, type Control, type TextVariants } from './fields';
import { normalizeText, textMatches } from './text';

const MAX_LINES = 1500;
const MAX_DEPTH = 40;
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'PATH', 'IMG', 'BR', 'META', 'LINK']);

export interface KnownTexts {
  /** The page's own words (labels, buttons, menu entries): shown as they are. */
  texts: readonly TextVariants[];
  /** Select options that say what the select is for (besides ports), e.g. Gmail's "New label…". */
  options?: TextVariants;
  /** Read controls' namings the way the page's reader does (table rows for Mail2000). */
  rows?: boolean;
}

/** Anything that could identify the person, replaced by its kind. */
export function scrub(text: string): string {
  return text
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/gu, '‹address›')
    .replace(/\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b/gi, '‹host›')
    .replace(/\d{4,}/g, '‹n›')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
}

/**
 * A text is shown only when it IS one of the page's known texts, or starts with a long one ("Leave
 * a copy … Learn more"). Never by containment or a short prefix: "No" or "error" would let a mail
 * subject or a row's status into the snapshot.
 */
const knownTest = (known: readonly TextVariants[]) => {
  const long = known.map((vs) => vs.filter((v) => normalizeText(v).length >= 12));
  return (text: string): boolean =>
    known.some((v) => textMatches(text, v, 'exact')) || long.some((v) => v.length > 0 && textMatches(text, v, 'prefix'));
};

function describeControl(el: Control, known: KnownTexts): string {
  const kind = kindOf(el);
  let s =
    el.tagName === 'SELECT'
      ? 'select'
      : el.tagName === 'TEXTAREA'
        ? 'textarea'
        : `input[type=${(el.getAttribute('type') ?? 'text').toLowerCase()}]`;
  if (el.tagName === 'SELECT') {
    const opts = Array.from((el as HTMLSelectElement).options).map((o) => o.text.trim());
    // Ports and the page's own entries say what the select is for; other options are the person's.
    const shown = opts.filter((o) => /^\d{1,5}$/.test(o) || (known.options && textMatches(o, known.options))).map(scrub);
    s += ` options=${opts.length}${shown.length ? ` ${JSON.stringify(shown)}` : ''}`;
  }
  if (el.hasAttribute('disabled')) s += ' disabled';
  if (kind) {
    for (const n of namingsOf(el, { rows: known.rows })) s += ` ${n.via}=${JSON.stringify(scrub(n.text))}`;
  }
  return s;
}

/** A text-only outline of the structure under `root`, one element per line. */
export function pageStructure(root: Element, known: KnownTexts): string {
  const isKnown = knownTest(known.texts);
  const controls = new Set<Element>(controlsIn(root));
  const lines: string[] = [];
  const walk = (el: Element, depth: number): void => {
    if (lines.length >= MAX_LINES || depth > MAX_DEPTH) return;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || tag.startsWith('M2K-')) return;
    const pad = '  '.repeat(depth);
    if (controls.has(el)) {
      lines.push(pad + describeControl(el as Control, known));
      return;
    }
    let line = el.tagName.toLowerCase();
    if (tag === 'INPUT') line += `[type=${(el.getAttribute('type') ?? 'text').toLowerCase()}]`;
    const role = el.getAttribute('role');
    if (role) line += ` role=${scrub(role)}`;
    if (tag === 'LABEL' && el.hasAttribute('for')) line += ' for';
    if (el.shadowRoot) line += ' #shadow';
    // Button texts are the page's words ("Next »", "Add Account »", "儲存"), not the person's.
    if (tag === 'INPUT' && /^(submit|button)$/i.test(el.getAttribute('type') ?? '')) {
      line += ` ${JSON.stringify(scrub((el as HTMLInputElement).value))}`;
    }
    const aria = el.getAttribute('aria-label');
    if (aria) line += ` aria=${JSON.stringify(isKnown(aria) ? scrub(aria) : `‹${aria.length}›`)}`;
    lines.push(pad + line);
    for (const n of Array.from(el.childNodes)) {
      if (n.nodeType === 1) walk(n as Element, depth + 1);
      else if (n.nodeType === 3) {
        const text = (n.nodeValue ?? '').trim();
        if (!text) continue;
        lines.push(`${pad}  ${isKnown(text) ? JSON.stringify(scrub(text)) : `#text(${text.length})`}`);
      }
    }
  };
  walk(root, 0);
  if (lines.length >= MAX_LINES) lines.push('…');
  return lines.join('\n');
}
