/**
 * Comparing what a person reads on Gmail's pages with the texts in utils/gmail/labels.ts.
 * Gmail decorates its labels ("POP Server:", "Next »", "New label…", full-width 「：」 in zh-TW,
 * a space or none between Chinese and Latin words), so both sides are normalised the same way.
 */

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff';
const SPACE_NEAR_CJK = new RegExp(`\\s+(?=[${CJK}()])|(?<=[${CJK}()])\\s+`, 'g');

/**
 * NFKC folds full-width letters, digits and punctuation to ASCII and "…" to "..."; then lower case,
 * one space between words, no space next to Chinese characters or parentheses, and no decoration
 * at either end (colons, «» ‹› arrows, ellipses, "*" of required fields).
 */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[«»‹›]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(SPACE_NEAR_CJK, '')
    .replace(/^[\s:*.\-–—]+|[\s:*.?？。]+$/g, '')
    .trim();
}

export type MatchMode = 'exact' | 'prefix' | 'contains';

/** Does `text` (as read on the page) say one of `variants`? `prefix` allows "… Learn more" after it. */
export function textMatches(text: string, variants: readonly string[], mode: MatchMode = 'exact'): boolean {
  const n = normalizeText(text);
  if (!n) return false;
  return variants.some((v) => {
    const w = normalizeText(v);
    if (!w) return false;
    if (mode === 'exact') return n === w;
    if (mode === 'contains') return n.includes(w);
    // A prefix must end at a word boundary: "port" must not match "portal".
    // (Chinese has no spaces: after a Chinese prefix anything may follow.)
    return n === w || (n.startsWith(w) && !(/[a-z0-9]$/.test(w) && /[a-z0-9]/.test(n.charAt(w.length))));
  });
}

const SKIP_TEXT_OF = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'SELECT', 'OPTION', 'TEXTAREA', 'NOSCRIPT']);

/**
 * The text a person reads in an element: like textContent, but without scripts, styles and the
 * options of a select (a label wrapping a select would otherwise "say" every option).
 */
export function visibleText(el: Node): string {
  let out = '';
  const walk = (n: Node): void => {
    if (n.nodeType === 3) out += n.nodeValue ?? '';
    else if (n.nodeType === 1) {
      const e = n as Element;
      if (SKIP_TEXT_OF.has(e.tagName.toUpperCase())) return;
      if (e.tagName.toUpperCase() === 'INPUT' || e.tagName.toUpperCase() === 'BUTTON') {
        out += ' ';
        if (e.tagName.toUpperCase() === 'BUTTON') e.childNodes.forEach(walk);
        out += ' ';
        return;
      }
      e.childNodes.forEach(walk);
      out += ' ';
    }
  };
  walk(el);
  return out.replace(/\s+/g, ' ').trim();
}

const ADDRESS = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/gu;

/** Is `word` in the normalised text `n`? Latin words (and phrases) as whole words: "port" is not in "import". */
const hasWord = (n: string, word: string): boolean => {
  const w = normalizeText(word);
  const at = n.indexOf(w);
  if (at < 0) return false;
  if (!/^[a-z0-9]/.test(w)) return true;
  // Any whole-word occurrence will do, not only the first.
  return new RegExp(`(?:^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^a-z0-9])`).test(n);
};

/**
 * Does `text` say one of `groups` (every word of one group)? Addresses are left out first: an
 * address such as no.reply@… must not say "no".
 */
export function saysWords(text: string, groups: readonly (readonly string[])[]): boolean {
  const n = normalizeText(text.replace(ADDRESS, ' '));
  return !!n && groups.some((g) => g.length > 0 && g.every((w) => hasWord(n, w)));
}
