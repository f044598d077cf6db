/** SMTP (RFC 5321) greeting, EHLO, STARTTLS (RFC 3207), AUTH PLAIN (RFC 4954) and QUIT on the raw connection. */
import type { Connection } from './connection';
import { ProbeError } from './errors';
import { clip, greetingKind, saslPlain, type Dialect } from './dialect';

/** A possibly multi-line reply ("250-..." lines up to "250 ..."). */
export async function reply(c: Connection, until: number, what: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  for (;;) {
    const line = await c.readLine(until, what);
    if (!/^\d{3}([ -]|$)/.test(line)) {
      if (lines.length === 0) throw new ProbeError('WRONG_PROTOCOL', `expected an SMTP reply, got: ${clip(line)}`, greetingKind(line));
      throw new ProbeError('BAD_REPLY', `not an SMTP reply line: ${clip(line)}`);
    }
    lines.push(line.slice(4));
    if (line[3] !== '-') return { code: Number(line.slice(0, 3)), lines };
  }
}

/** EHLO argument: our address literal, as RFC 5321 asks of a client without a name. */
function ehloName(c: Connection): string {
  const a = c.socket.localAddress ?? '127.0.0.1';
  return a.includes(':') ? `[IPv6:${a}]` : `[${a}]`;
}

export const smtp: Dialect = {
  async greeting(c, until) {
    const first = await c.readLine(until, 'SMTP greeting');
    const kind = greetingKind(first);
    if (kind !== 'smtp')
      throw new ProbeError(
        'WRONG_PROTOCOL',
        `expected an SMTP "220" greeting, got ${kind === 'unknown' ? 'something else' : kind.toUpperCase()}: ${clip(first)}`,
        kind,
      );
    const lines = [first];
    let last = first;
    while (last[3] === '-') {
      last = await c.readLine(until, 'SMTP greeting');
      lines.push(last);
    }
    if (!first.startsWith('220')) throw new ProbeError('GREETING_REFUSED', clip(lines.join(' | ')));
    return lines.join('\n');
  },

  async capabilities(c, until) {
    c.write(`EHLO ${ehloName(c)}`);
    const r = await reply(c, until, 'SMTP EHLO');
    if (r.code !== 250) throw new ProbeError('BAD_REPLY', `EHLO refused: ${r.code} ${clip(r.lines.join(' '))}`);
    return r.lines
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
  },

  offersStartTls: (caps) => caps.some((c) => c.toUpperCase() === 'STARTTLS'),

  async startTls(c, until) {
    c.write('STARTTLS');
    const r = await reply(c, until, 'SMTP STARTTLS');
    if (r.code !== 220) throw new ProbeError('STARTTLS_REFUSED', `${r.code} ${clip(r.lines.join(' '))}`);
    return `${r.code} ${r.lines.join(' ')}`;
  },

  canAuth: (caps) => caps.some((l) => /^AUTH[ =].*\b(PLAIN|LOGIN)\b/i.test(l)),

  async auth(c, user, password, caps, until) {
    if (!caps.some((l) => /^AUTH[ =].*\bPLAIN\b/i.test(l))) {
      // AUTH LOGIN (user name and password each base64 in answer to a 334 prompt), for servers without PLAIN.
      const b64 = (x: string) => Buffer.from(x, 'utf8').toString('base64');
      c.write('AUTH LOGIN');
      let r = await reply(c, until, 'SMTP AUTH LOGIN');
      if (r.code === 334) {
        c.write(b64(user));
        r = await reply(c, until, 'SMTP AUTH LOGIN');
      }
      if (r.code === 334) {
        c.write(b64(password));
        r = await reply(c, until, 'SMTP AUTH LOGIN');
      }
      return { accepted: r.code === 235, answer: String(r.code), method: 'AUTH LOGIN' };
    }
    c.write(`AUTH PLAIN ${saslPlain(user, password)}`);
    let r = await reply(c, until, 'SMTP AUTH');
    if (r.code === 334) {
      c.write(saslPlain(user, password));
      r = await reply(c, until, 'SMTP AUTH');
    }
    return { accepted: r.code === 235, answer: String(r.code), method: 'AUTH PLAIN' };
  },

  async quit(c, until) {
    c.write('QUIT');
    const r = await reply(c, until, 'SMTP QUIT');
    if (r.code !== 221) throw new ProbeError('BAD_REPLY', `QUIT: ${r.code} ${clip(r.lines.join(' '))}`);
    return `${r.code} ${r.lines.join(' ')}`;
  },
};
