/**
 * Keeps the password out of everything a probe reports. A hostile or broken server can echo what
 * we sent it, in any of the forms we sent, anywhere: in the login's answer, in QUIT's, or (having
 * seen it on another connection) in a later greeting or capability list. It can also echo only part
 * of it, and a report cuts long lines, so a whole-string search is not enough: every run of 4 or
 * more characters of any sent form is hidden, wherever it starts and wherever a cut falls.
 */
import { imapString } from './imap';
import { saslPlain } from './dialect';

/** The shortest piece of a secret that is hidden on its own. */
export const REDACT_WINDOW = 4;
export const REDACTED = '***';

/** Every form in which a password leaves us: raw (POP3 PASS, IMAP literal), IMAP-quoted, SASL PLAIN, base64 (AUTH LOGIN). */
export function sentForms(user: string, password: string): string[] {
  const forms = [password, saslPlain(user, password), Buffer.from(password, 'utf8').toString('base64')];
  const quoted = imapString(password);
  if ('quoted' in quoted) forms.push(quoted.quoted);
  return forms.filter((f) => f.length > 0);
}

export interface Redactor {
  (text: string): string;
}

/** Identity when there is nothing secret; otherwise hides every window of every form. */
export function redactor(forms: readonly string[]): Redactor {
  if (forms.length === 0) return (s) => s;
  const windows = new Set<string>();
  /** Forms shorter than a window are hidden only whole. */
  const short: string[] = [];
  for (const f of forms) {
    if (f.length < REDACT_WINDOW) short.push(f);
    else for (let i = 0; i + REDACT_WINDOW <= f.length; i++) windows.add(f.slice(i, i + REDACT_WINDOW));
  }
  const once = (text: string): string => {
    if (text.length === 0) return text;
    const hidden = new Uint8Array(text.length);
    let any = false;
    const mark = (at: number, n: number) => {
      hidden.fill(1, at, at + n);
      any = true;
    };
    for (let i = 0; i + REDACT_WINDOW <= text.length; i++) {
      if (windows.has(text.slice(i, i + REDACT_WINDOW))) mark(i, REDACT_WINDOW);
    }
    for (const f of short) {
      for (let at = text.indexOf(f); at >= 0; at = text.indexOf(f, at + 1)) mark(at, f.length);
    }
    if (!any) return text;
    let out = '';
    for (let i = 0; i < text.length;) {
      const start = i;
      while (i < text.length && !hidden[i]) i++;
      out += text.slice(start, i);
      if (i === text.length) break;
      while (i < text.length && hidden[i]) i++;
      out += REDACTED;
    }
    return out;
  };
  // Our own marker next to what is left could form a window again (a password containing `***`):
  // repeat until nothing changes (a few passes at most; bounded all the same).
  return (text) => {
    let out = once(text);
    for (let prev = text, pass = 0; out !== prev && pass < 8; pass++) [prev, out] = [out, once(out)];
    return out;
  };
}
