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

// JSON escapes only C0 controls, quotes and backslashes; these pass through it raw.
const JSON_UNSAFE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * JSON for a terminal: the same value, with DEL, C1 controls and bidi controls written as `\uNNNN`
 * escapes (which only occur inside strings, so the JSON means the same).
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
