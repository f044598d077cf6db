/**
 * The few pieces of MIME (RFC 2045, 2047, 5322) the forwarding test needs, both ways: header
 * values encoded for sending (ASCII words kept readable, the rest as UTF-8 encoded-words, folded
 * under 78 columns) and decoded when read back (B and Q encoded-words, folded lines joined), a
 * base64 body in 76-column lines, and SMTP's dot-stuffing (RFC 5321 4.5.2).
 */

const MAX_LINE = 76;
/** An encoded-word may be 75 characters long; `=?UTF-8?B?` + `?=` leave 63 for base64, 45 bytes of text. */
const WORD_BYTES = 45;

/** A header value as one or more lines: printable ASCII words stay as they are, anything else becomes B encoded-words. */
export function encodeHeaderValue(name: string, value: string): string[] {
  const words = value.split(' ');
  const firstOther = words.findIndex((w) => !/^[\x21-\x7e]*$/.test(w) || /^=\?/.test(w));
  const plain = firstOther < 0 ? words : words.slice(0, firstOther);
  const encoded = firstOther < 0 ? [] : encodedWords(words.slice(firstOther).join(' '));
  // Fold at the spaces between words: each continuation line starts with a space (RFC 5322 2.2.3).
  const lines: string[] = [];
  let line = `${name}:`;
  for (const w of [...plain, ...encoded]) {
    if (line.length + 1 + w.length > MAX_LINE && line !== `${name}:`) {
      lines.push(line);
      line = '';
    }
    line += ` ${w}`;
  }
  lines.push(line);
  return lines;
}

/** UTF-8 text as B encoded-words, each within 75 characters, never splitting a character. */
function encodedWords(text: string): string[] {
  const out: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > WORD_BYTES) {
      out.push(word(chunk));
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) out.push(word(chunk));
  return out;
}

const word = (s: string): string => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;

/** Bytes as base64 in lines of 76 characters. */
export function base64Lines(bytes: Buffer): string[] {
  const b64 = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += MAX_LINE) lines.push(b64.slice(i, i + MAX_LINE));
  return lines;
}

/** A message's lines as SMTP DATA carries them: a line that starts with "." gets a second one. */
export function dotStuff(lines: readonly string[]): string[] {
  return lines.map((l) => (l.startsWith('.') ? `.${l}` : l));
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/**
 * A header value as a person reads it: folded lines joined, encoded-words decoded (whitespace
 * between two adjacent encoded-words dropped, as RFC 2047 6.2 says). Charsets other than UTF-8,
 * US-ASCII and ISO-8859-1 are read as UTF-8, which is good enough to find an ASCII token.
 */
export function decodeHeaderValue(raw: string): string {
  const unfolded = raw.replace(/\r?\n(?=[ \t])/g, '');
  return unfolded.replace(/(\?=)\s+(?==\?)/g, '$1').replace(ENCODED_WORD, (_m, charset: string, enc: string, text: string) => {
    const bytes =
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          );
    return /^(?:iso-8859-1|latin1|us-ascii)$/i.test(charset) ? bytes.toString('latin1') : bytes.toString('utf8');
  });
}

/**
 * Header fields of a header block (lines, unfolded), as `[name in lower case, raw value]` pairs in
 * order; lines that are not a field or a continuation are skipped.
 */
export function headerFields(lines: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length > 0) {
      out[out.length - 1]![1] += line;
      continue;
    }
    const m = /^([!-9;-~]+):[ \t]?(.*)$/.exec(line);
    if (m) out.push([m[1]!.toLowerCase(), m[2]!]);
  }
  return out;
}
