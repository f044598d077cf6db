/**
 * The seam between the host's session (host.ts) and its request handlers (handlers/): the engines
 * the host is handed, passed in rather than imported because main.ts compiles them only on first
 * use, and what a handler shares with the session: how to answer, the allow-list, the clock, and
 * the one job slot, since a host process runs one job at a time and its session's end aborts it.
 */
import type { DiscoverRequest, HostReply, ProbeReport, ProbeRequest, ServiceResult } from '@/contract/protocol';
import type { DiscoverCandidate, DiscoverReport } from '@/contract/discovery';
import type { SendStage, SendTestReport } from '@/contract/send-test';
import type { MailPolicy } from '@/contract/mail-policy';
import type { SendTestOptions } from '../send-test/run';
import type { AllowEntry } from './allow';

export type ProbeFn = (
  opts: {
    host: string;
    ports?: ProbeRequest['ports'];
    only?: ProbeRequest['only'];
    timeoutMs?: number;
    credential?: { user: string; password: string };
  },
  onResult?: (r: ServiceResult) => void,
  signal?: AbortSignal,
) => Promise<ProbeReport>;

export type DiscoveryEventFn = (
  e: { kind: 'candidates'; candidates: DiscoverCandidate[] } | { kind: 'result'; host: string; result: ServiceResult },
) => void;
export type DiscoverFn = (
  opts: { domain: string; ports?: DiscoverRequest['ports']; timeoutMs?: number },
  onEvent?: DiscoveryEventFn,
  signal?: AbortSignal,
) => Promise<DiscoverReport>;

export type SendTestFn = (
  opts: Omit<SendTestOptions, 'ca'>,
  onStage?: (s: SendStage) => void,
  signal?: AbortSignal,
) => Promise<SendTestReport>;
export type MailPolicyFn = (domain: string, host: string) => Promise<MailPolicy>;

export interface Engines {
  probe: ProbeFn;
  /** Server discovery; without it a `discover` request is answered `internal`. */
  discover?: DiscoverFn;
  /** The forwarding test and the SPF/DMARC summary; without them those requests are answered `internal`. */
  sendTest?: SendTestFn;
  mailPolicy?: MailPolicyFn;
}

/** A probe, a discovery, a send test or a policy read. */
interface Job {
  id: string;
  abort: AbortController;
  done: Promise<void>;
}

export interface JobContext {
  send(reply: HostReply): void;
  allow: readonly AllowEntry[];
  /** The job running now: a request for another is answered `busy`; the handler that started it empties the slot when it settles. */
  running: Job | undefined;
  /** The clock of the rate limits (tests set it). */
  now: () => number;
}

/**
 * Runs `work` in the session's one job slot and empties the slot when it settles: its final reply
 * goes out, or, when it throws, an `error` with a fixed text (never the error itself, which could
 * carry request data, and a request may carry a password). `aborted` is said instead of `failed`
 * when the session's end aborted the job.
 */
export function runJob(
  ctx: JobContext,
  id: string,
  work: (signal: AbortSignal) => Promise<HostReply>,
  texts: { failed: string; aborted?: string },
  onSettled?: () => void,
): void {
  const abort = new AbortController();
  const done = work(abort.signal)
    .then(
      (reply) => ctx.send(reply),
      () =>
        ctx.send({ type: 'error', id, code: 'internal', message: abort.signal.aborted && texts.aborted ? texts.aborted : texts.failed }),
    )
    .finally(() => {
      onSettled?.();
      ctx.running = undefined;
    });
  ctx.running = { id, abort, done };
}
