/**
 * Server text made harmless for a terminal or a page. A mail server chooses its greeting, its capability
 * lines, its certificate's names and its error replies; printed raw, an ESC or CSI could move the
 * cursor, rewrite what was printed above, set the window title or ring the bell, and a bidi override
 * could show a name reversed. Every server text the command line prints in its tables passes
 * through `inert`, and its JSON through `inertJson` (helper/cli/inert.ts); the forwarding test's
 * page shows a server's words through `inert` too.
 *
 * Escaped: every C0 control (tab, line feed and carriage return too, as \t \n \r: a server line
 * must stay one line), DEL and the C1 controls as \xNN, and the bidi controls (embeddings,
 * overrides, isolates, marks) and the line and paragraph separators as \uNNNN.
 */

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export const hex = (c: number, width: number) => c.toString(16).padStart(width, '0');

export function inert(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const c = ch.charCodeAt(0);
    return c <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
  });
}
