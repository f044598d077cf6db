/**
 * Sending the test message through the school's own submission service: 465 with TLS from the
 * first byte, else 587 with STARTTLS (which must be offered and succeed before the login), AUTH
 * PLAIN or LOGIN as the probe's login test does it, then MAIL FROM, RCPT TO and DATA, dot-stuffed.
 * Never in plain text: a server without TLS gets nothing but EHLO.
 */
import type { Refusal, SendOutcome } from '@/contract/send-test';
import { now } from '../probe/deadline';
import { reply, smtp } from '../probe/smtp';
import { Leg, SendError, smtpRefusal, StageFailed, type FailureKind, type RunContext } from './leg';
import { dotStuff } from './mime';

interface SubmitPorts {
  smtps: number;
  submission: number;
}

export interface SubmitResult {
  outcome: SendOutcome;
  via?: { service: 'smtps' | 'submission'; port: number };
  refusal?: Refusal;
  /** When the server took the message (performance.now() time). */
  acceptedAt?: number;
}

/** Stages after which the other port is tried: nothing was said about the login or the message yet. */
const BEFORE_LOGIN = new Set(['tcp', 'tls', 'greeting', 'capabilities']);

/** Which of several failures explains the result best (the first in this list wins). */
const PRIORITY: readonly FailureKind[] = ['certificate', 'auth-rejected', 'no-tls', 'refused', 'failed', 'unreachable'];

/** What a refused login's reply code means: 535 is a wrong name or password; other refusals are the server's policy. */
function authKind(answer: string): FailureKind {
  if (answer === '535') return 'auth-rejected';
  if (/^5\d\d$/.test(answer)) return 'refused';
  return 'failed';
}

async function command(leg: Leg, line: string, until: number, want: number, what: string): Promise<void> {
  const c = leg.conn!;
  c.write(line);
  const r = await reply(c, until, what);
  if (r.code !== want) {
    const kind: FailureKind = r.code >= 500 ? 'refused' : 'failed';
    throw new SendError(`SMTP_${r.code}`, `${what}: ${r.code} ${r.lines.join(' ')}`, kind, smtpRefusal(leg.ctx, r.code, r.lines));
  }
}

export async function submit(
  ctx: RunContext,
  ports: SubmitPorts,
  credential: { user: string; password: string },
  address: string,
  lines: readonly string[],
): Promise<SubmitResult> {
  const failures: StageFailed[] = [];
  for (const service of ['smtps', 'submission'] as const) {
    const leg = new Leg(ctx, service, ports[service]);
    try {
      const { c, caps } = await leg.open(smtp, service === 'smtps');
      if (!smtp.canAuth(caps)) leg.fail('auth', 'refused', 'NO_AUTH', 'the server offers no AUTH PLAIN or LOGIN here: nothing was sent');
      await leg.login(smtp, caps, credential, authKind);
      await leg.stage(
        'envelope',
        async (u) => {
          await command(leg, `MAIL FROM:<${address}>`, u, 250, 'MAIL FROM');
          await command(leg, `RCPT TO:<${address}>`, u, 250, 'RCPT TO');
        },
        () => 'MAIL FROM and RCPT TO accepted',
      );
      const accepted = await leg.stage(
        'data',
        async (u) => {
          await command(leg, 'DATA', u, 354, 'DATA');
          for (const line of dotStuff(lines)) c.write(line);
          await command(leg, '.', u, 250, 'end of data');
          return now();
        },
        () => 'message accepted',
      );
      await leg.quit(smtp);
      return { outcome: 'accepted', via: { service, port: ports[service] }, acceptedAt: accepted };
    } catch (e) {
      if (!(e instanceof StageFailed)) throw e;
      failures.push(e);
      if (service === 'smtps' && BEFORE_LOGIN.has(e.stage) && e.kind !== 'certificate') continue;
      break;
    } finally {
      leg.close();
    }
  }
  const worst = [...failures].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind))[0]!;
  return { outcome: worst.kind, ...(worst.refusal ? { refusal: worst.refusal } : {}) };
}
