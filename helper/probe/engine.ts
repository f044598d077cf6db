/**
 * The probe engine: for each mail service, in parallel, the stages dns → tcp → tls (implicit ports)
 * → greeting → capabilities → starttls (+ capabilities again) → auth (when asked) → quit, each timed,
 * each with its own deadline, the whole run bounded by one timeout. Used by the native messaging
 * host and the command line alike.
 */
import dns from 'node:dns';
import * as z from 'zod/mini';
import {
  CredentialSchema,
  HostnameSchema,
  OnlySchema,
  PortsSchema,
  ServiceResultSchema,
  type Hint,
  type ProbeReport,
  type ServiceResult,
  type Stage,
  type StageName,
  type TlsInfo,
} from '@/contract/protocol';
import { CREDENTIAL_PROBLEM_TEXT, credentialProblem, type CredentialProblem } from '@/contract/credential';
import { DEFAULT_PORTS, SERVICES, SERVICE_PROTOCOL, SERVICE_TLS, type Service } from '@/contract/mail2000';
import { Connection, connectTcp } from './connection';
import { abortError, now, race } from './deadline';
import { ProbeError, toProbeError } from './errors';
import { hintFor, type HintContext } from './hints';
import { contextWithCa, handshake, type TlsOutcome } from './tls';
import { quitOrHangUp, type Dialect } from './dialect';
import { redactor, sentForms, type Redactor } from './redact';
import { pop3 } from './pop3';
import { imap } from './imap';
import { smtp } from './smtp';

export type { ServiceResult, ProbeReport } from '@/contract/protocol';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Bytes we read from one service at most (all stages together); a greeting plus capabilities is ~1 KiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024;

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

export const ProbeOptionsSchema = z.object({
  host: z.union([HostnameSchema, z.literal('localhost')]),
  ports: z.optional(PortsSchema),
  only: z.optional(OnlySchema),
  /** The whole run. */
  timeoutMs: z._default(z.int().check(z.minimum(100), z.maximum(120_000)), DEFAULT_TIMEOUT_MS),
  /** Extra trusted CA (PEM). */
  ca: z.optional(z.union([z.string().check(z.minLength(1)), z.instanceof(Buffer)])),
  credential: z.optional(CredentialSchema),
  maxBytes: z._default(z.int().check(z.minimum(1024), z.maximum(16 * 1024 * 1024)), DEFAULT_MAX_BYTES),
});

/** What callers pass (defaults still to fill); `Options` is what the run works with. */
export type ProbeOptions = z.input<typeof ProbeOptionsSchema>;

type Options = z.output<typeof ProbeOptionsSchema>;

/**
 * Replaceable parts. Only tests replace `lookup`: a failing DNS answer (ENOTFOUND, EAI_AGAIN) cannot
 * be produced on loopback without asking a real resolver, which tests must not contact.
 */
export interface ProbeDeps {
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
}

const DIALECTS: Record<'pop3' | 'imap' | 'smtp', Dialect> = { pop3, imap, smtp };
/**
 * The order in which the parallel service probes are started (the report keeps SERVICES order).
 * All of a run's client work (TLS handshakes, certificate parsing, socket writes: ~5 ms of CPU per
 * service) runs on this one thread, so each service waits its turn at every step. SMTP goes first:
 * it needs the most round trips before TLS (greeting, EHLO, STARTTLS), and SMTP servers often take
 * the longest to answer (greeting pauses; Postfix's first reply after a TLS 1.3 handshake waits for
 * our delayed ACK, ~40 ms), so its waiting overlaps the other services' work instead of following it.
 */
const START_RANK: Record<'pop3' | 'imap' | 'smtp', number> = { smtp: 0, imap: 1, pop3: 2 };

interface RunContext {
  opts: Options;
  deadline: number;
  signal: AbortSignal;
  dnsStage: Stage;
  addresses: string[];
}

/** runProbe's refusal of a credential that cannot be sent (contract/credential.ts). */
export class CredentialError extends Error {
  constructor(readonly problem: CredentialProblem) {
    super(`credential: ${CREDENTIAL_PROBLEM_TEXT[problem].en}`);
    this.name = 'CredentialError';
  }
}

/** Thrown inside a service probe after a fatal stage failure has been recorded. */
class StageFailed extends Error {}

/**
 * Probes every requested service in parallel. `onResult` is called as each service finishes (the
 * native host streams these). Rejects only for invalid options (a ZodError); every network failure
 * is a failed stage in the report.
 */
export async function runProbe(
  opts: ProbeOptions,
  onResult?: (r: ServiceResult) => void,
  signal?: AbortSignal,
  deps: ProbeDeps = {},
): Promise<ProbeReport> {
  const lookup = deps.lookup ?? ((host: string) => dns.promises.lookup(host, { all: true }));
  // The callers check the credential first, in the person's language; this is for any other caller,
  // with a sentence instead of a schema dump, and it never quotes the value.
  const bad = opts.credential ? credentialProblem(opts.credential.user, opts.credential.password) : null;
  if (bad) throw new CredentialError(bad);
  const o = ProbeOptionsSchema.parse(opts);
  // Build the trust store with the extra CA before the clock starts: it is synchronous CPU work
  // (~140 roots parsed) that would otherwise stall every parallel connection and show up as
  // network time in whichever stages happen to be waiting.
  if (o.ca) contextWithCa(o.ca.toString());
  const t0 = now();
  const ctl = new AbortController();
  const deadline = t0 + o.timeoutMs;
  const timer = setTimeout(() => ctl.abort('deadline'), o.timeoutMs);
  // A caller that runs out of time (discovery's own deadline) is a timeout here too, not a cancel.
  const onCancel = () => ctl.abort(signal?.reason === 'deadline' ? 'deadline' : 'cancel');
  if (signal?.aborted) onCancel();
  else signal?.addEventListener('abort', onCancel, { once: true });
  try {
    // DNS once for all services: every service's report starts with the same dns stage.
    let addresses: string[] = [];
    let dnsStage: Stage;
    try {
      const found = await race(lookup(o.host), Math.min(deadline, t0 + STAGE_BUDGET_MS.dns), ctl.signal, 'DNS lookup');
      addresses = found.map((a) => a.address);
      if (addresses.length === 0) throw new ProbeError('ENOTFOUND', `no address for ${o.host}`);
      dnsStage = { name: 'dns', ok: true, ms: now() - t0, detail: addresses.join(', ') };
    } catch (e) {
      const pe = toProbeError(e);
      dnsStage = { name: 'dns', ok: false, ms: now() - t0, code: pe.code, detail: pe.message };
    }
    const ctx: RunContext = { opts: o, deadline, signal: ctl.signal, dnsStage, addresses };
    const wanted = SERVICES.filter((s) => !o.only || o.only.includes(s));
    const started = new Map<Service, Promise<ServiceResult>>();
    for (const s of [...wanted].sort((a, b) => START_RANK[SERVICE_PROTOCOL[a]] - START_RANK[SERVICE_PROTOCOL[b]])) {
      started.set(
        s,
        probeService(ctx, s, t0).then((r) => {
          onResult?.(r);
          return r;
        }),
      );
    }
    const results = await Promise.all(wanted.map((s) => started.get(s)!));
    return { host: o.host, ms: now() - t0, results };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }
}

async function probeService(ctx: RunContext, service: Service, t0: number): Promise<ServiceResult> {
  const { opts, signal } = ctx;
  const port = opts.ports?.[service] ?? DEFAULT_PORTS[service];
  const dialect = DIALECTS[SERVICE_PROTOCOL[service]];
  const implicit = SERVICE_TLS[service] === 'implicit';
  const hctx: HintContext = { service, port };
  const stages: Stage[] = [ctx.dnsStage];
  const warnings: Hint[] = [];
  let failHint: Hint | undefined;
  let tls: TlsInfo | undefined;
  let greeting: string | undefined;
  let capabilities: string[] | undefined;
  let auth: ServiceResult['auth'] = opts.credential ? 'not-tried' : undefined;
  let conn: Connection | undefined;
  const budget = { used: 0, max: opts.maxBytes };
  /**
   * Nothing that reaches a report may contain the password or a piece of it, whatever a server
   * echoes back: every server-given text passes through this before it is kept (redact.ts).
   */
  const redact = redactor(opts.credential ? sentForms(opts.credential.user, opts.credential.password) : []);
  const scrub = (s: string | undefined): string | undefined => (s === undefined ? s : redact(s));

  const fail = (code: string, seen?: ProbeError['seen']) => {
    failHint ??= hintFor(code, { ...hctx, seen });
  };
  const record = (name: StageName, ok: boolean, t: number, code?: string, detail?: string) => {
    stages.push({ name, ok, ms: now() - t, ...(code ? { code } : {}), ...(detail ? { detail: scrub(detail) } : {}) });
  };
  /**
   * Runs one stage under its own deadline; a throw is recorded and ends the service. `quiet`
   * stages (the login) keep only the error's code and a fixed text, never the error's message,
   * which may quote an answer to the credential.
   */
  async function stage<T>(
    name: StageName,
    fn: (until: number) => Promise<T>,
    describe?: (v: T) => string | undefined,
    quiet = false,
  ): Promise<T> {
    const t = now();
    const until = Math.min(t + STAGE_BUDGET_MS[name], ctx.deadline);
    try {
      const v = await fn(until);
      record(name, true, t, undefined, describe?.(v));
      return v;
    } catch (e) {
      const pe = signal.aborted && !(e instanceof ProbeError) ? abortError(signal) : toProbeError(e);
      record(name, false, t, pe.code, quiet ? quietDetail(pe.code) : pe.message);
      fail(pe.code, pe.seen);
      throw new StageFailed();
    }
  }
  /** A TLS outcome whose certificate is bad: the stage fails with Node's code, the probe goes on. */
  const tlsStage = (name: 'tls' | 'starttls', t: number, out: TlsOutcome, extra = '') => {
    tls = out.info;
    if (out.problem) {
      record(name, false, t, out.problem.code, out.problem.detail);
      fail(out.problem.code);
    } else record(name, true, t, undefined, `${extra}${out.info.protocol ?? ''} ${out.info.cipher ?? ''}`.trim());
  };

  try {
    if (!ctx.dnsStage.ok) {
      fail(ctx.dnsStage.code ?? 'ENOTFOUND');
      throw new StageFailed();
    }
    const tcp = await stage(
      'tcp',
      (u) => connectTcp(ctx.addresses, port, u, signal),
      (r) => `${r.address}:${port}`,
    );
    if (implicit) {
      const t = now();
      let out: TlsOutcome;
      try {
        out = await handshake(tcp.socket, { host: opts.host, ca: opts.ca }, Math.min(t + STAGE_BUDGET_MS.tls, ctx.deadline), signal);
      } catch (e) {
        tcp.socket.destroy();
        const pe = toProbeError(e);
        record('tls', false, t, pe.code, pe.message);
        fail(pe.code);
        throw new StageFailed();
      }
      tlsStage('tls', t, out);
      conn = new Connection(out.socket, budget, signal, true);
    } else {
      conn = new Connection(tcp.socket, budget, signal);
    }
    const c = conn;

    greeting = await stage(
      'greeting',
      async (until) => {
        if (implicit) return dialect.greeting(c, until);
        // A plain port that stays silent may be a TLS port: after 60 % of the wait, offer a TLS
        // handshake on the same connection to tell "expects TLS" from "never answers".
        const t0Greeting = now();
        const silenceUntil = t0Greeting + (until - t0Greeting) * 0.6;
        try {
          return await dialect.greeting(c, silenceUntil);
        } catch (e) {
          const pe = toProbeError(e);
          if (pe.code !== 'ETIMEDOUT' || until - now() < 200) throw pe;
          // Some bytes came (a slow server): keep waiting for the rest of the line, no TLS guess.
          if (budget.used > 0) return dialect.greeting(c, until);
          const raw = c.detachForUpgrade();
          let out: TlsOutcome;
          try {
            out = await handshake(raw, { host: opts.host, ca: opts.ca }, until, signal);
          } catch (e2) {
            if (toProbeError(e2).code === 'ABORTED') throw e2;
            throw new ProbeError('ETIMEDOUT', `no greeting within ${Math.round(until - t0Greeting)} ms, and no TLS handshake either`);
          }
          tls = out.info;
          c.adopt(out.socket);
          throw new ProbeError(
            'TLS_EXPECTED',
            `no plain-text greeting, but a TLS handshake succeeded (${out.info.protocol ?? 'TLS'}): this port expects TLS from the first byte`,
          );
        }
      },
      (g) => g.split('\n')[0],
    );
    capabilities = await stage(
      'capabilities',
      (u) => dialect.capabilities(c, u),
      (caps) => caps.join(' '),
    );

    let untrusted = tls !== undefined && (!tls.trusted || !tls.nameMatches);
    if (!implicit) {
      if (dialect.offersStartTls(capabilities)) {
        const t = now();
        const until = Math.min(t + STAGE_BUDGET_MS.starttls, ctx.deadline);
        let out: TlsOutcome;
        try {
          const go = await dialect.startTls(c, until);
          out = await handshake(c.detachForUpgrade(), { host: opts.host, ca: opts.ca }, until, signal);
          c.adopt(out.socket);
          tlsStage('starttls', t, out, `${go.slice(0, 80)}; `);
        } catch (e) {
          const pe = toProbeError(e);
          record('starttls', false, t, pe.code, pe.message);
          fail(pe.code);
          throw new StageFailed();
        }
        untrusted = !out.info.trusted || !out.info.nameMatches;
        capabilities = await stage(
          'capabilities',
          (u) => dialect.capabilities(c, u),
          (caps) => caps.join(' '),
        );
      } else {
        warnings.push(hintFor('NO_STARTTLS', hctx));
      }
    }
    if (SERVICE_PROTOCOL[service] === 'pop3' && !capabilities.some((l) => /^UIDL\b/i.test(l))) {
      warnings.push(hintFor('POP3_NO_UIDL', hctx));
    }

    const cred = opts.credential;
    if (cred && dialect.canAuth(capabilities)) {
      if (!c.encrypted) {
        // Never send a password in the clear, even if the server would take it.
        auth = 'refused-plain';
        record('auth', false, now(), 'AUTH_REFUSED_PLAIN', 'password not sent: the connection is not encrypted');
        fail('AUTH_REFUSED_PLAIN');
      } else if (untrusted) {
        // Not to a server whose certificate we could not verify either; the TLS stage already failed.
        auth = 'not-tried';
      } else {
        const out = await stage(
          'auth',
          (u) => dialect.auth(c, cred.user, cred.password, capabilities ?? [], u),
          (r) => `${r.method}: ${r.answer}`,
          true,
        );
        if (out.accepted) auth = 'accepted';
        else {
          auth = 'rejected';
          const last = stages[stages.length - 1]!;
          last.ok = false;
          last.code = 'AUTH_REJECTED';
          fail('AUTH_REJECTED');
        }
      }
    }

    await stage(
      'quit',
      (u) => quitOrHangUp(dialect, c, u),
      (r) => r.slice(0, 120),
    );
  } catch (e) {
    if (!(e instanceof StageFailed)) {
      // A bug, not a network failure: still a report, never a crash of the host.
      const pe = toProbeError(e);
      stages.push({ name: 'quit', ok: false, ms: 0, code: 'INTERNAL', detail: scrub(pe.message) });
      fail('INTERNAL');
    }
  } finally {
    conn?.close();
  }

  if (tls && tls.daysLeft !== undefined && tls.daysLeft >= 0 && tls.daysLeft <= 30) {
    warnings.push(hintFor('CERT_EXPIRING', { ...hctx, daysLeft: tls.daysLeft }));
  }
  const ok = stages.every((s) => s.ok);
  return ServiceResultSchema.parse({
    service,
    port,
    ok,
    ms: now() - t0,
    stages,
    tls: tls && scrubTls(tls, redact),
    greeting: greeting === undefined ? undefined : scrub(greeting)!.slice(0, 1024),
    capabilities: capabilities?.slice(0, 200).map((x) => redact(x).slice(0, 256)),
    hint: ok ? warnings[0] : failHint,
    warnings,
    auth,
  });
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
