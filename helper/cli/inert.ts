/**
 * Server text made inert for a terminal: C0 and C1 control characters and DEL become `\xNN`, and
 * the Unicode bidirectional controls become `\u{NNNN}`, so a server cannot move the cursor,
 * recolour, clear or retitle the terminal, or reorder what the person reads around its words.
 */
// C0, DEL and C1; the bidi embeddings, overrides, isolates and marks (LRE…RLO, LRI…PDI, LRM, RLM, ALM).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function inert(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const c = ch.codePointAt(0)!;
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u{${c.toString(16).padStart(4, '0')}}`;
  });
}
