/** What each mail protocol module provides to the engine; the engine owns stages, timing and TLS. */
import type { Connection } from './connection';
import { toProbeError } from './errors';

export interface AuthOutcome {
  accepted: boolean;
  /**
   * The server's answer in our own words: a status (`+OK`, `-ERR`, `OK`, `NO`, `BAD`), a 3-digit
   * reply code, or `unexpected answer`. Never the server's text: whatever follows the status may
   * echo the credential we just sent.
   */
  answer: string;
  /** Which method was used: 'USER/PASS', 'SASL PLAIN', 'LOGIN' ... */
  method: string;
}

/** What the report may say of an answer that is none of the statuses a dialect knows. */
export const UNEXPECTED_ANSWER = 'unexpected answer';

export interface Dialect {
  /** Reads the greeting; throws WRONG_PROTOCOL or GREETING_REFUSED. */
  greeting(c: Connection, until: number): Promise<string>;
  capabilities(c: Connection, until: number): Promise<string[]>;
  offersStartTls(caps: readonly string[]): boolean;
  /** Sends STLS/STARTTLS and reads the go-ahead; the engine then runs the handshake. */
  startTls(c: Connection, until: number): Promise<string>;
  /** Whether a login test makes sense here (SMTP only when AUTH PLAIN/LOGIN is offered). */
  canAuth(caps: readonly string[]): boolean;
  auth(c: Connection, user: string, password: string, caps: readonly string[], until: number): Promise<AuthOutcome>;
  quit(c: Connection, until: number): Promise<string>;
}

export type GreetingKind = 'pop3' | 'imap' | 'smtp' | 'unknown';

/** Which protocol a first line belongs to: how we tell IMAP on a POP port from a POP server. */
export function greetingKind(line: string): GreetingKind {
  if (/^(\+OK|-ERR)\b/i.test(line)) return 'pop3';
  if (/^\* (OK|PREAUTH|BYE)\b/i.test(line)) return 'imap';
  if (/^[245]\d\d[ -]/.test(line) || /^[245]\d\d$/.test(line)) return 'smtp';
  return 'unknown';
}

/** Base64 of the SASL PLAIN message (RFC 4616): authzid NUL authcid NUL password. */
export function saslPlain(user: string, password: string): string {
  return Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
}

/** Cuts a server line for a stage detail. */
export function clip(s: string, max = 300): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** QUIT / LOGOUT: a server may hang up on it without a word, which is a clean end too. */
export async function quitOrHangUp(d: Dialect, c: Connection, until: number): Promise<string> {
  try {
    return await d.quit(c, until);
  } catch (e) {
    if (toProbeError(e).code === 'ECONNCLOSED') return 'connection closed';
    throw e;
  }
}
