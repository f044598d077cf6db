/**
 * One service's probe as data: the steps in order for a port with TLS from the first byte, and for a
 * plain-text port (with STARTTLS when offered). Each step runs one stage or more on the ServiceRun
 * (service-run.ts), which records them; a failed stage ends the steps.
 */
import type { ServiceResult } from '@/contract/protocol';
import { SERVICE_PROTOCOL, type Service } from '@/contract/mail2000';
import { Connection, connectTcp } from './connection';
import { now } from './deadline';
import { ProbeError, toProbeError } from './errors';
import { hintFor } from './hints';
import type { TlsOutcome } from './tls';
import { quitOrHangUp } from './dialect';
import { ServiceRun, StageFailed, type RunContext } from './service-run';

type Step = (run: ServiceRun) => Promise<void>;

const connect: Step = async (run) => {
  if (!run.ctx.dnsStage.ok) {
    run.fail(run.ctx.dnsStage.code ?? 'ENOTFOUND');
    throw new StageFailed();
  }
  const tcp = await run.stage(
    'tcp',
    (u) => connectTcp(run.ctx.addresses, run.port, u, run.ctx.signal),
    (r) => `${r.address}:${run.port}`,
  );
  run.raw = tcp.socket;
};

const tlsFromFirstByte: Step = async (run) => {
  const out = await run.upgrade('tls', async () => ({ raw: run.raw! }));
  run.conn = new Connection(out.socket, run.budget, run.ctx.signal, true);
};

const plainText: Step = async (run) => {
  run.conn = new Connection(run.raw!, run.budget, run.ctx.signal);
};

/**
 * On a plain port that stays silent, after 60 % of the wait a TLS handshake is offered on the same
 * connection, to tell "expects TLS from the first byte" from "never answers".
 */
async function greetingOrTlsGuess(run: ServiceRun, until: number): Promise<string> {
  const c = run.c;
  if (c.encrypted) return run.dialect.greeting(c, until);
  const t0 = now();
  try {
    return await run.dialect.greeting(c, t0 + (until - t0) * 0.6);
  } catch (e) {
    const pe = toProbeError(e);
    if (pe.code !== 'ETIMEDOUT' || until - now() < 200) throw pe;
    // Some bytes came (a slow server): keep waiting for the rest of the line, no TLS guess.
    if (run.budget.used > 0) return run.dialect.greeting(c, until);
    let out: TlsOutcome;
    try {
      out = await run.handshake(c.detachForUpgrade(), until);
    } catch (e2) {
      if (toProbeError(e2).code === 'ABORTED') throw e2;
      throw new ProbeError('ETIMEDOUT', `no greeting within ${Math.round(until - t0)} ms, and no TLS handshake either`);
    }
    run.tls = out.info;
    c.adopt(out.socket);
    throw new ProbeError(
      'TLS_EXPECTED',
      `no plain-text greeting, but a TLS handshake succeeded (${out.info.protocol ?? 'TLS'}): this port expects TLS from the first byte`,
    );
  }
}

const greet: Step = async (run) => {
  run.greeting = await run.stage(
    'greeting',
    (u) => greetingOrTlsGuess(run, u),
    (g) => g.split('\n')[0],
  );
};

const readCapabilities: Step = async (run) => {
  run.capabilities = await run.stage(
    'capabilities',
    (u) => run.dialect.capabilities(run.c, u),
    (caps) => caps.join(' '),
  );
};

/** STARTTLS when offered (then the capabilities again, as they may change inside TLS); else a warning. */
const startTls: Step = async (run) => {
  if (!run.dialect.offersStartTls(run.capabilities ?? [])) {
    run.warnings.push(hintFor('NO_STARTTLS', run.hctx));
    return;
  }
  const c = run.c;
  const out = await run.upgrade('starttls', async (until) => {
    const said = await run.dialect.startTls(c, until);
    return { raw: c.detachForUpgrade(), said };
  });
  c.adopt(out.socket);
  await readCapabilities(run);
};

/** Gmail fetches by UIDL: a POP3 server that does not offer it is worth a warning. */
const uidlOffered: Step = async (run) => {
  if (SERVICE_PROTOCOL[run.service] === 'pop3' && !(run.capabilities ?? []).some((l) => /^UIDL\b/i.test(l))) {
    run.warnings.push(hintFor('POP3_NO_UIDL', run.hctx));
  }
};

const login: Step = async (run) => {
  const cred = run.ctx.opts.credential;
  const caps = run.capabilities ?? [];
  if (!cred || !run.dialect.canAuth(caps)) return;
  if (!run.c.encrypted) {
    // Never send a password in the clear, even if the server would take it.
    run.auth = 'refused-plain';
    run.record('auth', false, now(), 'AUTH_REFUSED_PLAIN', 'password not sent: the connection is not encrypted');
    run.fail('AUTH_REFUSED_PLAIN');
    return;
  }
  // Not to a server whose certificate we could not verify either; the TLS stage already failed.
  if (run.untrusted) return;
  const out = await run.stage(
    'auth',
    (u) => run.dialect.auth(run.c, cred.user, cred.password, caps, u),
    (r) => `${r.method}: ${r.answer}`,
    true,
  );
  if (out.accepted) run.auth = 'accepted';
  else {
    run.auth = 'rejected';
    const last = run.stages[run.stages.length - 1]!;
    last.ok = false;
    last.code = 'AUTH_REJECTED';
    run.fail('AUTH_REJECTED');
  }
};

const quit: Step = async (run) => {
  await run.stage(
    'quit',
    (u) => quitOrHangUp(run.dialect, run.c, u),
    (r) => r.slice(0, 120),
  );
};

/** The stages in order: dns (shared by the run) → tcp → tls or plain → greeting → capabilities → starttls → auth → quit. */
const STEPS: Readonly<Record<'implicit' | 'plain', readonly Step[]>> = {
  implicit: [connect, tlsFromFirstByte, greet, readCapabilities, uidlOffered, login, quit],
  plain: [connect, plainText, greet, readCapabilities, startTls, uidlOffered, login, quit],
};

export async function probeService(ctx: RunContext, service: Service, t0: number): Promise<ServiceResult> {
  const run = new ServiceRun(ctx, service, t0);
  try {
    for (const step of STEPS[run.implicit ? 'implicit' : 'plain']) await step(run);
  } catch (e) {
    if (!(e instanceof StageFailed)) run.internal(e);
  } finally {
    run.close();
  }
  return run.result();
}
