/**
 * The probe engine: DNS once, then each mail service in parallel through its stages (tcp → tls
 * (implicit ports) → greeting → capabilities → starttls (+ capabilities again) → auth (when asked)
 * → quit: service-steps.ts), each timed, each with its own deadline, the whole run bounded by one
 * timeout. Used by the native messaging host and the command line alike.
 */
import dns from 'node:dns';
import type { ProbeReport, ServiceResult, Stage } from '@/contract/protocol';
import { CREDENTIAL_PROBLEM_TEXT, credentialProblem, type CredentialProblem } from '@/contract/credential';
import { SERVICES, SERVICE_PROTOCOL, type Service } from '@/contract/mail2000';
import { now, race } from './deadline';
import { ProbeError, toProbeError } from './errors';
import { contextWithCa } from './tls';
import { ProbeOptionsSchema, type ProbeOptions } from './options';
import { STAGE_BUDGET_MS, type RunContext } from './service-run';
import { probeService } from './service-steps';

export type { ServiceResult, ProbeReport } from '@/contract/protocol';

/**
 * Replaceable parts. Only tests replace `lookup`: a failing DNS answer (ENOTFOUND, EAI_AGAIN) cannot
 * be produced on loopback without asking a real resolver, which tests must not contact.
 */
export interface ProbeDeps {
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
}

/**
 * The order in which the parallel service probes are started (the report keeps SERVICES order).
 * All of a run's client work (TLS handshakes, certificate parsing, socket writes: ~5 ms of CPU per
 * service) runs on this one thread, so each service waits its turn at every step. SMTP goes first:
 * it needs the most round trips before TLS (greeting, EHLO, STARTTLS), and SMTP servers often take
 * the longest to answer (greeting pauses; Postfix's first reply after a TLS 1.3 handshake waits for
 * our delayed ACK, ~40 ms), so its waiting overlaps the other services' work instead of following it.
 */
const START_RANK: Record<'pop3' | 'imap' | 'smtp', number> = { smtp: 0, imap: 1, pop3: 2 };

/** runProbe's refusal of a credential that cannot be sent (contract/credential.ts). */
export class CredentialError extends Error {
  constructor(readonly problem: CredentialProblem) {
    super(`credential: ${CREDENTIAL_PROBLEM_TEXT[problem].en}`);
    this.name = 'CredentialError';
  }
}

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
