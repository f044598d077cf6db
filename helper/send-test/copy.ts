/**
 * Looking for the kept copy in the Mail2000 inbox after the send: IMAP over TLS (993), else POP3
 * over TLS (995). Only the newest few messages' Subject and Content-Type headers are read, again
 * every few seconds until the copy (and, for a short while after it, a bounce that names the token)
 * shows up or the time is over. Never SEARCH (Mail2000 takes a minute over it), never a flag
 * changed (EXAMINE and BODY.PEEK), never a message deleted (POP3 without DELE).
 */
import { randomBytes } from 'node:crypto';
import { SEND_TEST_LIMITS } from '@/contract/limits';
import type { Bounce, Copy } from '@/contract/send-test';
import { subjectHasToken } from '@/contract/send-test-rules';
import { race, now } from '../probe/deadline';
import { ProbeError } from '../probe/errors';
import { imap, tagged } from '../probe/imap';
import { command, pop3, readMulti } from '../probe/pop3';
import type { Connection } from '../probe/connection';
import { isBounceCandidate, parseBounce } from './bounce';
import { Leg, serverText, StageFailed, type RunContext } from './leg';
import { decodeHeaderValue, headerFields } from './mime';

interface CopyPorts {
  imaps: number;
  pop3s: number;
}

export interface WatchResult {
  copy: Copy;
  bounce?: Bounce;
}

/** One of the newest messages as seen in a look: its number, decoded subject, and, for a bounce candidate, its first lines. */
interface Seen {
  n: number;
  subject: string;
  body?: string[];
}

/** Bytes one watching connection may read: headers of a few messages per look, and a few bounce bodies. */
const WATCH_MAX_BYTES = 4 * 1024 * 1024;
/** How much of a bounce candidate's body is read. */
const BODY_BYTES = 16 * 1024;
const BODY_LINES = 300;

/** A tag no message text can predict: a body line that starts with it would otherwise end our read early. */
const randomTag = (): string => `m2kw${randomBytes(5).toString('hex')}`;

function seenFromHeaders(n: number, lines: readonly string[]): { n: number; subject: string; contentType: string } {
  const fields = headerFields(lines);
  const get = (name: string) => decodeHeaderValue(fields.find(([k]) => k === name)?.[1] ?? '');
  return { n, subject: get('subject'), contentType: get('content-type') };
}

/**
 * One IMAP session's commands. A server may announce new mail (an untagged EXISTS) in the answer
 * to any command, not only NOOP: every answer is read for it, or a message that arrived during a
 * FETCH would never be looked at.
 */
class ImapSession {
  exists = 0;
  constructor(readonly c: Connection) {}

  async command(line: string, until: number, what: string): Promise<string[]> {
    const tag = randomTag();
    this.c.write(`${tag} ${line}`);
    const r = await tagged(this.c, tag, until, what);
    this.exists = existsIn(r.untagged, this.exists);
    if (r.status !== 'OK') throw new ProbeError('BAD_REPLY', `${what}: ${r.status}`);
    return r.untagged;
  }
}

const existsIn = (untagged: readonly string[], previous: number): number => {
  let n = previous;
  for (const l of untagged) {
    const m = /^\* (\d+) EXISTS\b/i.exec(l);
    if (m) n = Number(m[1]);
  }
  return n;
};

/** The newest messages' headers over one IMAP connection, plus the bodies of bounce candidates. */
async function imapLook(session: ImapSession, until: number): Promise<Seen[]> {
  const exists = session.exists;
  if (exists === 0) return [];
  const from = Math.max(1, exists - SEND_TEST_LIMITS.newest + 1);
  const untagged = await session.command(`FETCH ${from}:${exists} (BODY.PEEK[HEADER.FIELDS (SUBJECT CONTENT-TYPE)])`, until, 'IMAP FETCH');
  const groups = new Map<number, string[]>();
  let current: string[] | undefined;
  for (const l of untagged) {
    const m = /^\* (\d+) FETCH\b/i.exec(l);
    if (m) groups.set(Number(m[1]), (current = []));
    else if (!/^\* \d+ (?:EXISTS|RECENT)\b/i.test(l)) current?.push(l);
  }
  const out: Seen[] = [];
  for (const [n, lines] of groups) {
    const h = seenFromHeaders(n, lines);
    const seen: Seen = { n, subject: h.subject };
    if (isBounceCandidate(h.subject, h.contentType)) {
      seen.body = await session.command(`FETCH ${n} (BODY.PEEK[TEXT]<0.${BODY_BYTES}>)`, until, 'IMAP FETCH body');
    }
    out.push(seen);
  }
  return out;
}

/** The newest messages' headers in one POP3 session (TOP n 0), plus the first lines of bounce candidates. */
async function pop3Look(c: Connection, until: number): Promise<Seen[]> {
  const stat = await command(c, 'STAT', until, 'POP3 STAT');
  const m = /^\+OK (\d+)/.exec(stat);
  if (!m) throw new ProbeError('BAD_REPLY', 'STAT: no message count');
  const count = Number(m[1]);
  const out: Seen[] = [];
  for (let n = count; n >= 1 && n > count - SEND_TEST_LIMITS.newest; n--) {
    const first = await command(c, `TOP ${n} 0`, until, 'POP3 TOP');
    if (!first.startsWith('+OK')) continue;
    const h = seenFromHeaders(n, await readMulti(c, until, 'POP3 TOP'));
    const seen: Seen = { n, subject: h.subject };
    if (isBounceCandidate(h.subject, h.contentType)) {
      const more = await command(c, `TOP ${n} ${BODY_LINES}`, until, 'POP3 TOP');
      if (more.startsWith('+OK')) seen.body = await readMulti(c, until, 'POP3 TOP');
    }
    out.push(seen);
  }
  return out;
}

const pause = (ms: number, until: number, signal: AbortSignal) =>
  race(new Promise<void>((r) => setTimeout(r, Math.max(0, Math.min(ms, until - now())))), until + 1000, signal, 'pause').catch(() => {});

/**
 * Looks until the copy is seen (then up to `bounceGraceMs` more for a bounce) or the deadline.
 * `look` throws a StageFailed when its connection fails; that ends the watch with the code.
 */
async function watchLoop(
  ctx: RunContext,
  token: string,
  interval: number,
  look: () => Promise<Seen[]>,
): Promise<{ foundAt?: number; bounce?: Bounce; looks: number }> {
  let looks = 0;
  let foundAt: number | undefined;
  let bounce: Bounce | undefined;
  for (;;) {
    const seen = await look();
    looks++;
    for (const s of seen) {
      if (foundAt === undefined && subjectHasToken(s.subject, token)) foundAt = now();
      if (!bounce && s.body) bounce = parseBounce(s.body, token, (x) => serverText(ctx, x));
    }
    const t = now();
    const graceOver = foundAt !== undefined && t >= foundAt + SEND_TEST_LIMITS.bounceGraceMs;
    if (bounce || graceOver || t + interval >= ctx.deadline || ctx.signal.aborted) break;
    await pause(interval, ctx.deadline, ctx.signal);
  }
  return { foundAt, bounce, looks };
}

function result(
  via: 'imaps' | 'pop3s',
  sentAt: number,
  w: { foundAt?: number; bounce?: Bounce; looks: number },
  code?: string,
): WatchResult {
  const copy: Copy = {
    found: w.foundAt !== undefined,
    ms: Math.max(0, (w.foundAt ?? now()) - sentAt),
    via,
    looks: w.looks,
    ...(code ? { code } : {}),
  };
  return { copy, ...(w.bounce ? { bounce: w.bounce } : {}) };
}

async function watchImap(
  ctx: RunContext,
  port: number,
  cred: { user: string; password: string },
  token: string,
  sentAt: number,
): Promise<WatchResult> {
  const leg = new Leg(ctx, 'imaps', port, false, WATCH_MAX_BYTES);
  let watched: { foundAt?: number; bounce?: Bounce; looks: number } = { looks: 0 };
  let watchCode = 'COPY_NOT_FOUND';
  try {
    const { c, caps } = await leg.open(imap, true);
    await leg.login(imap, caps, cred);
    const session = new ImapSession(c);
    // EXAMINE opens the inbox read-only: nothing we do can mark a message as read.
    await leg.stage(
      'select',
      async (u) => (await session.command('EXAMINE INBOX', u, 'IMAP EXAMINE'), session.exists),
      (n) => `INBOX read-only, ${n} messages`,
    );
    const w = await leg
      .stage(
        'watch',
        async (u) => {
          let first = true;
          watched = await watchLoop(ctx, token, SEND_TEST_LIMITS.imapPollMs, async () => {
            // NOOP asks the server for news (an untagged EXISTS) when nothing else is sent.
            if (!first) await session.command('NOOP', u, 'IMAP NOOP');
            first = false;
            return imapLook(session, u);
          });
          if (watched.foundAt === undefined) throw new ProbeError('COPY_NOT_FOUND', `the copy did not show up in ${watched.looks} looks`);
          return watched;
        },
        (o) => `copy seen after ${Math.round(o.foundAt! - sentAt)} ms, ${o.looks} looks${o.bounce ? '; a bounce names the token' : ''}`,
      )
      .catch((e: unknown) => {
        if (e instanceof StageFailed && e.stage === 'watch') return undefined;
        throw e;
      });
    await leg.quit(imap);
    return result('imaps', sentAt, w ?? watched, w ? undefined : 'COPY_NOT_FOUND');
  } finally {
    leg.close();
  }
}

async function watchPop3(
  ctx: RunContext,
  port: number,
  cred: { user: string; password: string },
  token: string,
  sentAt: number,
): Promise<WatchResult> {
  const t = now();
  let looks = 0;
  let code: string | undefined;
  // POP3 shows new mail only to a new login: every look is a session of its own, the first one
  // recorded stage by stage, the later ones only when they fail.
  const session = async (): Promise<Seen[]> => {
    const leg = new Leg(ctx, 'pop3s', port, looks > 0, WATCH_MAX_BYTES);
    try {
      const { c, caps } = await leg.open(pop3, true);
      await leg.login(pop3, caps, cred);
      const seen = await pop3Look(c, Math.min(now() + 10_000, ctx.deadline));
      looks++;
      await leg.quit(pop3);
      return seen;
    } finally {
      leg.close();
    }
  };
  let w: { foundAt?: number; bounce?: Bounce; looks: number } = { looks: 0 };
  try {
    w = await watchLoop(ctx, token, SEND_TEST_LIMITS.pop3PollMs, session);
  } catch (e) {
    if (!(e instanceof StageFailed)) throw e;
    code = e.code;
    w = { looks };
  }
  const found = w.foundAt !== undefined;
  new Leg(ctx, 'pop3s', port).record(
    'watch',
    found,
    t,
    found ? undefined : (code ?? 'COPY_NOT_FOUND'),
    found ? `copy seen after ${Math.round(w.foundAt! - sentAt)} ms, ${w.looks} looks` : `not seen in ${w.looks} looks`,
  );
  return result('pop3s', sentAt, w, found ? undefined : (code ?? 'COPY_NOT_FOUND'));
}

/**
 * IMAP first; POP3 when IMAP cannot be reached, or refuses the login that the mail server has just
 * accepted for sending (IMAP switched off in Mail2000's 收發信服務, POP3 on).
 */
export async function watchCopy(
  ctx: RunContext,
  ports: CopyPorts,
  cred: { user: string; password: string },
  token: string,
  sentAt: number,
): Promise<WatchResult> {
  try {
    return await watchImap(ctx, ports.imaps, cred, token, sentAt);
  } catch (e) {
    if (!(e instanceof StageFailed)) throw e;
    const unreachable = e.kind === 'unreachable' && (e.stage === 'tcp' || e.stage === 'tls');
    if (unreachable || e.stage === 'auth') return watchPop3(ctx, ports.pop3s, cred, token, sentAt);
    return result('imaps', sentAt, { looks: 0 }, e.code);
  }
}
