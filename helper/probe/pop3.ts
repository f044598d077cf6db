/** POP3 (RFC 1939, CAPA and STLS from RFC 2449/2595, SASL from RFC 5034) on the raw connection. */
import type { Connection } from './connection';
import { ProbeError } from './errors';
import { clip, greetingKind, saslPlain, UNEXPECTED_ANSWER, type Dialect } from './dialect';

/** A POP3 status in our words (the text after it is the server's and stays out of reports). */
const status = (line: string): string => (line.startsWith('+OK') ? '+OK' : line.startsWith('-ERR') ? '-ERR' : UNEXPECTED_ANSWER);

/** A multi-line POP3 answer after +OK, up to the lone ".", dot-unstuffed. Bounded by the byte cap. */
export async function readMulti(c: Connection, until: number, what: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const line = await c.readLine(until, what);
    if (line === '.') return out;
    out.push(line.startsWith('..') ? line.slice(1) : line);
  }
}

export async function command(c: Connection, line: string, until: number, what: string): Promise<string> {
  c.write(line);
  return c.readLine(until, what);
}

export const pop3: Dialect = {
  async greeting(c, until) {
    const line = await c.readLine(until, 'POP3 greeting');
    const kind = greetingKind(line);
    if (kind !== 'pop3')
      throw new ProbeError(
        'WRONG_PROTOCOL',
        `expected a POP3 "+OK" greeting, got ${kind === 'unknown' ? 'something else' : kind.toUpperCase()}: ${clip(line)}`,
        kind,
      );
    if (!line.startsWith('+OK')) throw new ProbeError('GREETING_REFUSED', clip(line));
    return line;
  },

  async capabilities(c, until) {
    const first = await command(c, 'CAPA', until, 'POP3 CAPA');
    // A server without CAPA answers -ERR: no capability list, which the engine reports (no UIDL, no STLS).
    if (first.startsWith('-ERR')) return [];
    if (!first.startsWith('+OK')) throw new ProbeError('BAD_REPLY', `CAPA: ${clip(first)}`);
    return (await readMulti(c, until, 'POP3 CAPA list')).map((l) => l.trim()).filter(Boolean);
  },

  offersStartTls: (caps) => caps.some((c) => /^STLS\b/i.test(c)),

  async startTls(c, until) {
    const line = await command(c, 'STLS', until, 'POP3 STLS');
    if (!line.startsWith('+OK')) throw new ProbeError('STARTTLS_REFUSED', clip(line));
    return line;
  },

  canAuth: () => true,

  async auth(c, user, password, caps, until) {
    const sasl = caps.find((l) => /^SASL\b/i.test(l));
    if (sasl && /\bPLAIN\b/i.test(sasl)) {
      // RFC 5034 allows the initial response on the AUTH line.
      let line = await command(c, `AUTH PLAIN ${saslPlain(user, password)}`, until, 'POP3 AUTH PLAIN');
      if (line.startsWith('+ ') || line === '+') line = await command(c, saslPlain(user, password), until, 'POP3 AUTH PLAIN');
      return { accepted: line.startsWith('+OK'), answer: status(line), method: 'SASL PLAIN' };
    }
    const u = await command(c, `USER ${user}`, until, 'POP3 USER');
    if (!u.startsWith('+OK')) return { accepted: false, answer: status(u), method: 'USER/PASS' };
    const p = await command(c, `PASS ${password}`, until, 'POP3 PASS');
    return { accepted: p.startsWith('+OK'), answer: status(p), method: 'USER/PASS' };
  },

  async quit(c, until) {
    const line = await command(c, 'QUIT', until, 'POP3 QUIT');
    if (!line.startsWith('+OK')) throw new ProbeError('BAD_REPLY', `QUIT: ${clip(line)}`);
    return line;
  },
};
