/** The command line's JSON made harmless for a terminal; the rule for one text is contract/inert.ts. */
import { hex } from '@/contract/inert';

export { inert } from '@/contract/inert';

// JSON escapes only C0 controls, quotes and backslashes; these pass through it raw.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON for a terminal: the same value, with DEL, C1 controls, bidi controls and the line separators
 * written as `\uNNNN` escapes (which only occur inside strings, so the JSON means the same).
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
}
