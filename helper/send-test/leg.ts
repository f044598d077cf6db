/**
 * One connection of a forwarding test (a "leg": sending on 465 or 587, looking for the copy on 993
 * or 995), stage by stage, on the probe engine's parts: its TCP connect, TLS handshake and
 * certificate judgement, connection and line reader, and the protocol dialects. Every stage is
 * timed under its own budget and the run's deadline, recorded in the report's shape (and streamed
 * as it finishes), and every server text passes the password redactor before it is kept.
 */
import type { Refusal, SendService, SendStage, SendStageName } from '@/contract/send-test';
import { Connection, connectTcp } from '../probe/connection';
import { abortError, now } from '../probe/deadline';
import { clip, quitOrHangUp, type AuthOutcome, type Dialect } from '../probe/dialect';
import { ProbeError, toProbeError } from '../probe/errors';
import { STAGE_BUDGET_MS } from '../probe/service-run';
import type { Redactor } from '../probe/redact';
import { handshake } from '../probe/tls';

/** How a failed stage ends the test: the report's outcome is made from these. */
export type FailureKind = 'unreachable' | 'certificate' | 'no-tls' | 'refused' | 'auth-rejected' | 'failed';

const BUDGET_MS: Readonly<Record<SendStageName, number>> = {
  ...STAGE_BUDGET_MS,
  envelope: 10_000,
  data: 20_000,
  select: 6_000,
  // Watching runs until the whole test's deadline.
  watch: Number.POSITIVE_INFINITY,
};

/** A failure raised inside a stage that already knows what it means (a refused command, a bad certificate). */
export class SendError extends ProbeError {
  constructor(
    code: string,
    message: string,
    readonly kind: FailureKind,
    readonly refusal?: Omit<Refusal, 'stage'>,
  ) {
    super(code, message);
  }
}

/** Thrown by a leg once a failed stage has been recorded. */
export class StageFailed extends Error {
  constructor(
    readonly stage: SendStageName,
    readonly kind: FailureKind,
    readonly code: string,
    readonly refusal?: Refusal,
  ) {
    super(`${stage}: ${code}`);
    this.name = 'StageFailed';
  }
}

export interface RunContext {
  host: string;
  addresses: string[];
  ca?: string | Buffer;
  deadline: number;
  signal: AbortSignal;
  redact: Redactor;
  emit(stage: SendStage): void;
}

/** A server text as a report may keep it: the password's every trace hidden, cut to 300 characters. */
export const serverText = (ctx: RunContext, s: string): string => clip(ctx.redact(s), 300);

/** An SMTP reply's code, enhanced status and text as a refusal. */
export function smtpRefusal(ctx: RunContext, code: number, lines: readonly string[]): Omit<Refusal, 'stage'> {
  const status = /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(lines[0] ?? '')?.[1];
  return { reply: code, ...(status ? { status } : {}), detail: serverText(ctx, lines.join(' ')) };
}

function kindOf(stage: SendStageName, e: ProbeError): FailureKind {
  if (e instanceof SendError) return e.kind;
  if (stage === 'dns' || stage === 'tcp') return 'unreachable';
  // A handshake that breaks off (a plain server, a reset, silence): TLS cannot be had there.
  if (stage === 'tls') return 'unreachable';
  if (stage === 'greeting' && e.code === 'GREETING_REFUSED') return 'refused';
  return 'failed';
}

function refusalOf(ctx: RunContext, stage: SendStageName, e: ProbeError): Refusal | undefined {
  if (e instanceof SendError && e.refusal) return { stage, ...e.refusal };
  if (e.code === 'GREETING_REFUSED') {
    const m = /^(\d{3})[ -]?(.*)$/s.exec(e.message);
    return m ? { stage, ...smtpRefusal(ctx, Number(m[1]), [m[2] ?? '']) } : { stage, detail: serverText(ctx, e.message) };
  }
  return undefined;
}

export class Leg {
  conn: Connection | undefined;

  /** `quiet`: keep only failed stages (the repeated POP3 sessions of a watch). */
  constructor(
    readonly ctx: RunContext,
    readonly service: SendService,
    readonly port: number,
    readonly quiet = false,
    readonly maxBytes = 64 * 1024,
  ) {}

  record(name: SendStageName, ok: boolean, started: number, code?: string, detail?: string): void {
    if (this.quiet && ok) return;
    this.ctx.emit({
      name,
      ok,
      ms: now() - started,
      service: this.service,
      port: this.port,
      ...(code ? { code } : {}),
      ...(detail ? { detail: serverText(this.ctx, detail) } : {}),
    });
  }

  /**
   * Runs one stage; a throw is recorded and ends the leg with a StageFailed. A `secret` stage (a
   * login) keeps only our own words: the error's message may quote an answer to the credential.
   */
  async stage<T>(
    name: SendStageName,
    fn: (until: number) => Promise<T>,
    describe?: (v: T) => string | undefined,
    secret = false,
  ): Promise<T> {
    const t = now();
    const until = Math.min(t + BUDGET_MS[name], this.ctx.deadline);
    try {
      const v = await fn(until);
      this.record(name, true, t, undefined, describe?.(v));
      return v;
    } catch (e) {
      const pe = this.ctx.signal.aborted && !(e instanceof ProbeError) ? abortError(this.ctx.signal) : toProbeError(e);
      const detail = secret && !(pe instanceof SendError) ? `no usable answer to the login (${pe.code})` : pe.message;
      this.record(name, false, t, pe.code, detail);
      throw new StageFailed(name, kindOf(name, pe), pe.code, refusalOf(this.ctx, name, pe));
    }
  }

  /** Records a failure decided without a stage function (no STARTTLS, no login offered). */
  fail(name: SendStageName, kind: FailureKind, code: string, detail: string): never {
    this.record(name, false, now(), code, detail);
    throw new StageFailed(name, kind, code);
  }

  /**
   * TCP, TLS (implicit ports) or STARTTLS (which must be offered and succeed before anything else
   * is sent), greeting and capabilities. A certificate that does not verify ends the leg: nothing,
   * least of all a password, goes to a server we cannot identify.
   */
  async open(dialect: Dialect, implicit: boolean): Promise<{ c: Connection; caps: string[] }> {
    const { ctx } = this;
    const tcp = await this.stage(
      'tcp',
      (u) => connectTcp(ctx.addresses, this.port, u, ctx.signal),
      (r) => `${r.address}:${this.port}`,
    );
    const budget = { used: 0, max: this.maxBytes };
    if (implicit) {
      const out = await this.stage(
        'tls',
        async (u) => {
          const o = await handshake(tcp.socket, { host: ctx.host, ca: ctx.ca }, u, ctx.signal).catch((e: unknown) => {
            tcp.socket.destroy();
            throw e;
          });
          if (o.problem) {
            o.socket.destroy();
            throw new SendError(o.problem.code, o.problem.detail, 'certificate');
          }
          return o;
        },
        (o) => `${o.info.protocol ?? ''} ${o.info.cipher ?? ''}`.trim(),
      );
      this.conn = new Connection(out.socket, budget, ctx.signal, true);
    } else {
      this.conn = new Connection(tcp.socket, budget, ctx.signal);
    }
    const c = this.conn;
    await this.stage(
      'greeting',
      (u) => dialect.greeting(c, u),
      (g) => g.split('\n')[0],
    );
    let caps = await this.stage(
      'capabilities',
      (u) => dialect.capabilities(c, u),
      (x) => x.join(' '),
    );
    if (!implicit) {
      if (!dialect.offersStartTls(caps)) {
        this.fail('starttls', 'no-tls', 'NO_STARTTLS', 'the server offers no STARTTLS: nothing was sent over this plain connection');
      }
      await this.stage(
        'starttls',
        async (u) => {
          const go = await dialect.startTls(c, u);
          const o = await handshake(c.detachForUpgrade(), { host: ctx.host, ca: ctx.ca }, u, ctx.signal);
          c.adopt(o.socket);
          if (o.problem) throw new SendError(o.problem.code, o.problem.detail, 'certificate');
          return `${go.slice(0, 80)}; ${o.info.protocol ?? ''} ${o.info.cipher ?? ''}`.trim();
        },
        (x) => x,
      );
      caps = await this.stage(
        'capabilities',
        (u) => dialect.capabilities(c, u),
        (x) => x.join(' '),
      );
    }
    return { c, caps };
  }

  /**
   * The login, as the probe's login test does it (the dialect's AUTH PLAIN, LOGIN or USER/PASS).
   * Only the method and the status in our words are kept; `kindOf` says what a refusal means.
   */
  login(
    dialect: Dialect,
    caps: readonly string[],
    cred: { user: string; password: string },
    kindOf: (answer: string) => FailureKind = () => 'auth-rejected',
  ): Promise<AuthOutcome> {
    const c = this.conn!;
    return this.stage(
      'auth',
      async (u) => {
        const r = await dialect.auth(c, cred.user, cred.password, caps, u);
        if (!r.accepted) {
          const refusal = /^\d{3}$/.test(r.answer) ? { reply: Number(r.answer) } : undefined;
          throw new SendError('AUTH_REJECTED', `${r.method}: ${r.answer}`, kindOf(r.answer), refusal);
        }
        return r;
      },
      (r) => `${r.method}: ${r.answer}`,
      true,
    );
  }

  /** QUIT / LOGOUT; a server that hangs up instead is a clean end too. */
  async quit(dialect: Dialect): Promise<void> {
    const c = this.conn;
    if (!c) return;
    await this.stage(
      'quit',
      (u) => quitOrHangUp(dialect, c, u),
      (r) => r.slice(0, 120),
    ).catch(() => undefined);
  }

  close(): void {
    this.conn?.close();
  }
}
