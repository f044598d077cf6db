/** IMAP4rev1 (RFC 3501) greeting, CAPABILITY, STARTTLS, LOGIN and LOGOUT on the raw connection. */
import type { Connection } from './connection';
import { ProbeError } from './errors';
import { clip, greetingKind, UNEXPECTED_ANSWER, type Dialect } from './dialect';

/** A tagged status in our words: the server's word is free text, and may echo what we sent. */
const known = (status: string): string => (status === 'OK' || status === 'NO' || status === 'BAD' ? status : UNEXPECTED_ANSWER);

/**
 * Reads untagged lines up to the tagged completion. Literals in untagged data are not expected in
 * the commands we send; a stray one is simply read as lines, bounded by the byte cap.
 */
export async function tagged(
  c: Connection,
  tag: string,
  until: number,
  what: string,
): Promise<{ status: string; line: string; untagged: string[] }> {
  const untagged: string[] = [];
  for (;;) {
    const line = await c.readLine(until, what);
    if (line.startsWith(`${tag} `)) {
      const status = line
        .slice(tag.length + 1)
        .split(' ', 1)[0]!
        .toUpperCase();
      return { status, line, untagged };
    }
    untagged.push(line);
  }
}

/**
 * An IMAP astring for LOGIN: a quoted string with \ and " escaped when every character is printable
 * ASCII, otherwise a literal {n} (CR, LF, NUL and 8-bit characters cannot be quoted).
 */
export function imapString(s: string): { quoted: string } | { literal: Buffer } {
  if (/^[\x20-\x7e]*$/.test(s)) return { quoted: `"${s.replace(/[\\"]/g, (m) => '\\' + m)}"` };
  return { literal: Buffer.from(s, 'utf8') };
}

let tagCounter = 0;
export const nextTag = (): string => `m2k${(++tagCounter).toString(36)}`;

export const imap: Dialect = {
  async greeting(c, until) {
    const line = await c.readLine(until, 'IMAP greeting');
    const kind = greetingKind(line);
    if (kind !== 'imap')
      throw new ProbeError(
        'WRONG_PROTOCOL',
        `expected an IMAP "* OK" greeting, got ${kind === 'unknown' ? 'something else' : kind.toUpperCase()}: ${clip(line)}`,
        kind,
      );
    if (/^\* BYE/i.test(line)) throw new ProbeError('GREETING_REFUSED', clip(line));
    return line;
  },

  async capabilities(c, until) {
    const tag = nextTag();
    c.write(`${tag} CAPABILITY`);
    const r = await tagged(c, tag, until, 'IMAP CAPABILITY');
    if (r.status !== 'OK') throw new ProbeError('BAD_REPLY', clip(r.line));
    const capLine = r.untagged.find((l) => /^\* CAPABILITY /i.test(l));
    return capLine ? capLine.slice('* CAPABILITY '.length).trim().split(/\s+/) : [];
  },

  offersStartTls: (caps) => caps.some((c) => c.toUpperCase() === 'STARTTLS'),

  async startTls(c, until) {
    const tag = nextTag();
    c.write(`${tag} STARTTLS`);
    const r = await tagged(c, tag, until, 'IMAP STARTTLS');
    if (r.status !== 'OK') throw new ProbeError('STARTTLS_REFUSED', clip(r.line));
    return r.line;
  },

  canAuth: () => true,

  async auth(c, user, password, _caps, until) {
    const tag = nextTag();
    const args = [imapString(user), imapString(password)];
    // Send the command piece by piece: after each literal header wait for the "+" continuation.
    let pending = `${tag} LOGIN`;
    for (const a of args) {
      if ('quoted' in a) {
        pending += ` ${a.quoted}`;
        continue;
      }
      c.write(`${pending} {${a.literal.length}}`);
      const cont = await c.readLine(until, 'IMAP literal continuation');
      if (!cont.startsWith('+')) {
        // The server refused the literal (tagged NO/BAD): that is its answer to the login.
        return {
          accepted: false,
          answer: known(
            cont
              .slice(cont.indexOf(' ') + 1)
              .split(' ', 1)[0]!
              .toUpperCase(),
          ),
          method: 'LOGIN',
        };
      }
      c.socket.write(a.literal);
      pending = '';
    }
    c.write(pending);
    const r = await tagged(c, tag, until, 'IMAP LOGIN');
    return { accepted: r.status === 'OK', answer: known(r.status), method: 'LOGIN' };
  },

  async quit(c, until) {
    const tag = nextTag();
    c.write(`${tag} LOGOUT`);
    const r = await tagged(c, tag, until, 'IMAP LOGOUT');
    if (r.status !== 'OK') throw new ProbeError('BAD_REPLY', `LOGOUT: ${clip(r.line)}`);
    return r.line;
  },
};
