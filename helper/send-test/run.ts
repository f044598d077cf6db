/**
 * A whole forwarding test: one message from the address to itself through the school's own
 * submission service (submit.ts), then, when asked, the kept copy looked for in the inbox
 * (copy.ts), and beside both the domain's SPF and DMARC read from DNS (policy.ts). One timeout
 * bounds everything; every stage is streamed as it finishes; the report never holds the password.
 */
import dns from 'node:dns';
import { setMaxListeners } from 'node:events';
import { SEND_TEST_LIMITS } from '@/contract/limits';
import { DEFAULT_PORTS } from '@/contract/mail2000';
import { credentialProblem, CREDENTIAL_PROBLEM_TEXT } from '@/contract/credential';
import { addressProblem, ADDRESS_PROBLEM_TEXT } from '@/contract/send-test-rules';
import { SendTestReportSchema, type SendStage, type SendTestReport } from '@/contract/send-test';
import type { MailPolicy } from '@/contract/mail-policy';
import { addressDomain } from '@/contract/known-sites';
import { now, race } from '../probe/deadline';
import { toProbeError } from '../probe/errors';
import { redactor, sentForms } from '../probe/redact';
import { STAGE_BUDGET_MS } from '../probe/service-run';
import { contextWithCa } from '../probe/tls';
import { watchCopy, type WatchResult } from './copy';
import { RESULT_TEXT, type ResultCode } from './hints';
import type { RunContext } from './leg';
import { buildTestMessage, newToken } from './message';
import { readMailPolicy } from './policy';
import type { SpfResolver } from './spf';
import { submit, type SubmitResult } from './submit';

export interface SendTestOptions {
  address: string;
  host: string;
  hostSource: 'given' | 'known-site';
  ports?: Partial<Record<'smtps' | 'submission' | 'imaps' | 'pop3s', number>>;
  credential: { user: string; password: string };
  checkCopy?: boolean;
  timeoutMs?: number;
  /** Extra trusted CA (PEM), as for `check --ca`. */
  ca?: string | Buffer;
}

/** Replaceable parts: tests resolve names without a real resolver and read SPF from a loopback DNS server. */
interface SendTestDeps {
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
  resolver?: SpfResolver;
}

/** The test passed: the message was accepted and, when the copy was looked for, it was found and nothing bounced. */
export const sendTestPassed = (r: SendTestReport): boolean => r.sent && (r.copy === undefined || r.copy.found) && r.bounce === undefined;

export async function runSendTest(
  opts: SendTestOptions,
  onStage?: (s: SendStage) => void,
  signal?: AbortSignal,
  deps: SendTestDeps = {},
): Promise<SendTestReport> {
  // The callers check these first, in the person's language; this is the last guard, and it never quotes a value.
  const badAddress = addressProblem(opts.address);
  if (badAddress) throw new Error(`address: ${ADDRESS_PROBLEM_TEXT[badAddress].en}`);
  const badCredential = credentialProblem(opts.credential.user, opts.credential.password);
  if (badCredential) throw new Error(`credential: ${CREDENTIAL_PROBLEM_TEXT[badCredential].en}`);
  const timeoutMs = Math.min(Math.max(opts.timeoutMs ?? SEND_TEST_LIMITS.timeoutMs, 1_000), SEND_TEST_LIMITS.maxTimeoutMs);
  const ports = {
    smtps: opts.ports?.smtps ?? DEFAULT_PORTS.smtps,
    submission: opts.ports?.submission ?? DEFAULT_PORTS.submission,
    imaps: opts.ports?.imaps ?? DEFAULT_PORTS.imaps,
    pop3s: opts.ports?.pop3s ?? DEFAULT_PORTS.pop3s,
  };
  // The trust store with the extra CA is built before the clock starts, as the probe engine does:
  // synchronous CPU work that would otherwise count as the first handshake's network time.
  if (opts.ca) contextWithCa(opts.ca.toString());
  const t0 = now();
  const ctl = new AbortController();
  setMaxListeners(0, ctl.signal);
  const timer = setTimeout(() => ctl.abort('deadline'), timeoutMs);
  const onCancel = () => ctl.abort('cancel');
  if (signal?.aborted) ctl.abort('cancel');
  else signal?.addEventListener('abort', onCancel, { once: true });
  const stages: SendStage[] = [];
  const emit = (s: SendStage) => {
    stages.push(s);
    onStage?.(s);
  };
  try {
    const token = newToken();
    const message = buildTestMessage(opts.address, token);
    const policy: Promise<MailPolicy | undefined> = readMailPolicy(addressDomain(opts.address), opts.host, deps.resolver).catch(
      () => undefined,
    );
    const ctx: RunContext = {
      host: opts.host,
      addresses: [],
      ca: opts.ca,
      deadline: t0 + timeoutMs,
      signal: ctl.signal,
      redact: redactor(sentForms(opts.credential.user, opts.credential.password)),
      emit,
    };
    const lookup = deps.lookup ?? ((h: string) => dns.promises.lookup(h, { all: true }));
    let sub: SubmitResult;
    try {
      const found = await race(lookup(opts.host), Math.min(ctx.deadline, t0 + STAGE_BUDGET_MS.dns), ctl.signal, 'DNS lookup');
      ctx.addresses = found.map((a) => a.address);
      if (ctx.addresses.length === 0) throw Object.assign(new Error(`no address for ${opts.host}`), { code: 'ENOTFOUND' });
      emit({ name: 'dns', ok: true, ms: now() - t0, service: 'smtps', port: ports.smtps, detail: ctx.addresses.join(', ') });
      sub = await submit(ctx, ports, opts.credential, opts.address, message.lines);
    } catch (e) {
      const pe = toProbeError(e);
      if (stages.some((s) => s.name === 'dns')) throw e;
      emit({
        name: 'dns',
        ok: false,
        ms: now() - t0,
        service: 'smtps',
        port: ports.smtps,
        code: pe.code,
        detail: pe.message.slice(0, 300),
      });
      sub = { outcome: 'unreachable' };
    }
    let watch: WatchResult | undefined;
    if (sub.outcome === 'accepted' && opts.checkCopy) watch = await watchCopy(ctx, ports, opts.credential, token, sub.acceptedAt ?? now());
    const sent = sub.outcome === 'accepted';
    const code: ResultCode = !sent ? sub.outcome : watch?.bounce ? 'bounced' : watch && !watch.copy.found ? 'copy-missing' : 'accepted';
    return SendTestReportSchema.parse({
      address: opts.address,
      host: opts.host,
      hostSource: opts.hostSource,
      token,
      subject: message.subject,
      sent,
      outcome: sub.outcome,
      ...(sub.via ? { via: sub.via } : {}),
      ms: now() - t0,
      ...(sub.acceptedAt !== undefined ? { sendMs: sub.acceptedAt - t0 } : {}),
      stages: stages.slice(0, 200),
      ...(sub.refusal ? { refusal: sub.refusal } : {}),
      ...(!sent && sub.outcome !== 'auth-rejected' ? { manualSend: { to: opts.address, subject: message.subject } } : {}),
      ...(watch ? { copy: watch.copy } : {}),
      ...(watch?.bounce ? { bounce: watch.bounce } : {}),
      ...((await policy) ? { policy: await policy } : {}),
      hint: { code, ...RESULT_TEXT[code] },
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }
}
