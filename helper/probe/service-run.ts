/**
 * One service's probe while it runs: the stages recorded so far, the first failure's hint, the
 * warnings and what the server said, and at the end the service's result in the report's shape.
 * Every server text passes the password redactor before it is kept. The steps that drive it are in
 * service-steps.ts; the whole run (DNS, the services in parallel, the deadline) in engine.ts.
 */
import type net from 'node:net';
import * as z from 'zod/mini';
import { ServiceResultSchema, type Hint, type ServiceResult, type Stage, type StageName, type TlsInfo } from '@/contract/protocol';
import { DEFAULT_PORTS, SERVICE_PROTOCOL, SERVICE_TLS, type Service } from '@/contract/mail2000';
import { Connection } from './connection';
import { abortError, now } from './deadline';
import { ProbeError, toProbeError } from './errors';
import { hintFor, type HintContext } from './hints';
import { handshake, type TlsOutcome } from './tls';
import type { Dialect } from './dialect';
import { redactor, sentForms, type Redactor } from './redact';
import { pop3 } from './pop3';
import { imap } from './imap';
import { smtp } from './smtp';
import type { ProbeOptionsSchema } from './options';

/**
 * Each stage's own budget; every stage also stops at the run's deadline, whichever comes first.
 * Auth is longer because servers delay failed logins on purpose.
 */
export const STAGE_BUDGET_MS: Readonly<Record<StageName, number>> = {
  dns: 5_000,
  tcp: 6_000,
  tls: 6_000,
  greeting: 8_000,
  capabilities: 6_000,
  starttls: 6_000,
  auth: 10_000,
  quit: 3_000,
};

/** What every service of one run shares: the checked options, the deadline, the signal and DNS's answer. */
export interface RunContext {
  opts: z.output<typeof ProbeOptionsSchema>;
  deadline: number;
  signal: AbortSignal;
  dnsStage: Stage;
  addresses: string[];
}

/** Thrown inside a service probe after a fatal stage failure has been recorded. */
export class StageFailed extends Error {}

const DIALECTS: Record<'pop3' | 'imap' | 'smtp', Dialect> = { pop3, imap, smtp };

export class ServiceRun {
  readonly port: number;
  readonly dialect: Dialect;
  /** TLS from the first byte (995, 993, 465), else plain text with STARTTLS offered or not. */
  readonly implicit: boolean;
  readonly hctx: HintContext;
  readonly stages: Stage[];
  readonly warnings: Hint[] = [];
  readonly budget: { used: number; max: number };
  readonly redact: Redactor;
  failHint: Hint | undefined;
  tls: TlsInfo | undefined;
  greeting: string | undefined;
  capabilities: string[] | undefined;
  auth: ServiceResult['auth'];
  /** The TCP socket before anything was layered on it; the connection once there is one. */
  raw: net.Socket | undefined;
  conn: Connection | undefined;

  constructor(
    readonly ctx: RunContext,
    readonly service: Service,
    readonly t0: number,
  ) {
    const { opts } = ctx;
    this.port = opts.ports?.[service] ?? DEFAULT_PORTS[service];
    this.dialect = DIALECTS[SERVICE_PROTOCOL[service]];
    this.implicit = SERVICE_TLS[service] === 'implicit';
    this.hctx = { service, port: this.port };
    this.stages = [ctx.dnsStage];
    this.budget = { used: 0, max: opts.maxBytes };
    this.auth = opts.credential ? 'not-tried' : undefined;
    // Nothing that reaches a report may contain the password or a piece of it, whatever a server echoes back.
    this.redact = redactor(opts.credential ? sentForms(opts.credential.user, opts.credential.password) : []);
  }

  /** The connection, which every step after the first has. */
  get c(): Connection {
    if (!this.conn) throw new ProbeError('INTERNAL', 'no connection yet');
    return this.conn;
  }

  scrub(s: string | undefined): string | undefined {
    return s === undefined ? s : this.redact(s);
  }

  /** The first failure decides the service's hint. */
  fail(code: string, seen?: ProbeError['seen']): void {
    this.failHint ??= hintFor(code, { ...this.hctx, seen });
  }

  record(name: StageName, ok: boolean, t: number, code?: string, detail?: string): void {
    this.stages.push({ name, ok, ms: now() - t, ...(code ? { code } : {}), ...(detail ? { detail: this.scrub(detail) } : {}) });
  }

  /** Records a failure and ends the service. */
  stop(name: StageName, t: number, e: unknown): never {
    const pe = toProbeError(e);
    this.record(name, false, t, pe.code, pe.message);
    this.fail(pe.code, pe.seen);
    throw new StageFailed();
  }

  /** A stage's end: its own budget, or the run's deadline, whichever comes first. */
  until(name: StageName, t: number): number {
    return Math.min(t + STAGE_BUDGET_MS[name], this.ctx.deadline);
  }

  /**
   * Runs one stage under its own deadline; a throw is recorded and ends the service. `quiet`
   * stages (the login) keep only the error's code and a fixed text, never the error's message,
   * which may quote an answer to the credential.
   */
  async stage<T>(name: StageName, fn: (until: number) => Promise<T>, describe?: (v: T) => string | undefined, quiet = false): Promise<T> {
    const t = now();
    try {
      const v = await fn(this.until(name, t));
      this.record(name, true, t, undefined, describe?.(v));
      return v;
    } catch (e) {
      const pe = this.ctx.signal.aborted && !(e instanceof ProbeError) ? abortError(this.ctx.signal) : toProbeError(e);
      if (quiet) {
        this.record(name, false, t, pe.code, quietDetail(pe.code));
        this.fail(pe.code, pe.seen);
        throw new StageFailed();
      }
      this.stop(name, t, pe);
    }
  }

  /** A TLS handshake on `raw` for this run's host and extra CA. */
  handshake(raw: net.Socket, until: number): Promise<TlsOutcome> {
    return handshake(raw, { host: this.ctx.opts.host, ca: this.ctx.opts.ca }, until, this.ctx.signal);
  }

  /**
   * The one TLS upgrade, from the first byte (`tls`) or after STARTTLS (`starttls`): `begin` readies
   * the plain socket (and says what the server answered, for STARTTLS). A handshake that fails ends
   * the service; a certificate that does not verify fails the stage but the probe goes on (the
   * login is then never sent).
   */
  async upgrade(name: 'tls' | 'starttls', begin: (until: number) => Promise<{ raw: net.Socket; said?: string }>): Promise<TlsOutcome> {
    const t = now();
    let out: TlsOutcome;
    let said: string | undefined;
    try {
      const until = this.until(name, t);
      const ready = await begin(until);
      said = ready.said;
      out = await this.handshake(ready.raw, until);
    } catch (e) {
      this.stop(name, t, e);
    }
    this.tls = out.info;
    if (out.problem) {
      this.record(name, false, t, out.problem.code, out.problem.detail);
      this.fail(out.problem.code);
    } else {
      const prefix = said === undefined ? '' : `${said.slice(0, 80)}; `;
      this.record(name, true, t, undefined, `${prefix}${out.info.protocol ?? ''} ${out.info.cipher ?? ''}`.trim());
    }
    return out;
  }

  /** Whether the TLS in use failed our verification: no password goes to such a server. */
  get untrusted(): boolean {
    return this.tls !== undefined && (!this.tls.trusted || !this.tls.nameMatches);
  }

  /** A bug, not a network failure: still a report, never a crash of the host. */
  internal(e: unknown): void {
    this.stages.push({ name: 'quit', ok: false, ms: 0, code: 'INTERNAL', detail: this.scrub(toProbeError(e).message) });
    this.fail('INTERNAL');
  }

  close(): void {
    this.conn?.close();
    this.raw?.destroy();
  }

  result(): ServiceResult {
    const { tls } = this;
    if (tls && tls.daysLeft !== undefined && tls.daysLeft >= 0 && tls.daysLeft <= 30) {
      this.warnings.push(hintFor('CERT_EXPIRING', { ...this.hctx, daysLeft: tls.daysLeft }));
    }
    const ok = this.stages.every((s) => s.ok);
    return ServiceResultSchema.parse({
      service: this.service,
      port: this.port,
      ok,
      ms: now() - this.t0,
      stages: this.stages,
      tls: tls && scrubTls(tls, this.redact),
      greeting: this.greeting === undefined ? undefined : this.redact(this.greeting).slice(0, 1024),
      capabilities: this.capabilities?.slice(0, 200).map((x) => this.redact(x).slice(0, 256)),
      hint: ok ? this.warnings[0] : this.failHint,
      warnings: this.warnings,
      auth: this.auth,
    });
  }
}

/** A failed login's detail in our words only (the error's message may quote the server's answer). */
function quietDetail(code: string): string {
  return code === 'BAD_COMMAND' ? 'not sent: a line break or NUL in the user name or password' : `no usable answer to the login (${code})`;
}

/** A certificate is the server's text too: one made on the fly could carry an echo in its names. */
function scrubTls(t: TlsInfo, redact: Redactor): TlsInfo {
  const out: TlsInfo = { ...t, san: t.san.map(redact) };
  for (const k of ['subject', 'issuer', 'error', 'protocol', 'cipher', 'validFrom', 'validTo'] as const) {
    const v = t[k];
    if (v !== undefined) out[k] = redact(v);
  }
  return out;
}
