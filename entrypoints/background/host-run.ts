/**
 * One run over the native host, for every bridge (the probe's, the discovery's, the forwarding
 * test's): connectNative, hello, the run's one request, its replies, and always exactly one final
 * message to the page (the run's own, helper-missing or error), never silence:
 * - the host is not installed / not allowed for this extension / dies before its hello reply
 *   -> `helper-missing` (the page shows how to install the helper on this system);
 * - the host refuses the mail host (not on its allow-list) -> `helper-missing`, reason host-not-allowed;
 * - the host dies after hello -> `error` crash; goes silent -> `error` timeout.
 * Each run opens its own native connection, so a host that died is simply started again on the next
 * run (that is the reconnect); a connection is never reused after a failure.
 *
 * The request, with the credential when given, goes to the host once and is not kept anywhere.
 */
import { NATIVE_HOST_NAME } from '@/contract/ids';
import { HostReplySchema, type HostReply, type HostRequest } from '@/contract/protocol';
import type { HelperMissingReason, RunFailure, RunStarted } from '@/utils/messaging/run-port';
import type { BridgeDeps, PortLike } from './bridge-deps';

/** A run's id, unique within the background; the prefix tells the kinds apart in a log (d: discovery, t: forwarding test). */
export const runId = (prefix = ''): string => prefix + Math.random().toString(36).slice(2, 12) + Date.now().toString(36);

/** How long the host may take to answer hello (cold start of Node is ~0.1 s; a busy machine is slower). */
const HELLO_TIMEOUT_MS = 15_000;

/**
 * Chrome and Firefox words for "there is no usable host". Chrome: "Specified native messaging host
 * not found.", "Access to the specified native messaging host is forbidden.", "Failed to start
 * native messaging host."; Firefox: "No such native application …", "… does not have permission to
 * use native application …".
 */
export const classifyDisconnect = (message: string | undefined): HelperMissingReason => {
  const m = message ?? '';
  if (/forbidden|does not have permission|not allowed/i.test(m)) return 'forbidden';
  return 'not-installed';
};

type RunReply = Exclude<HostReply, { type: 'hello' | 'error' }>;

/** The host's error reply as the page hears it. */
export const failureOf = (reply: Extract<HostReply, { type: 'error' }>): RunFailure => {
  const detail = reply.message.slice(0, 500);
  if (reply.code === 'not-allowed') return { type: 'helper-missing', reason: 'host-not-allowed', detail };
  if (reply.code === 'busy' || reply.code === 'rate-limited') return { type: 'error', reason: reply.code, detail };
  if (reply.code === 'bad-request' || reply.code === 'bad-json' || reply.code === 'too-large')
    return { type: 'error', reason: 'bad-request', detail };
  return { type: 'error', reason: 'internal', detail };
};

export interface HostRun<M> {
  id: string;
  /** The one request, sent once the host has said hello and not kept after that. */
  request: HostRequest;
  deadlineMs: number;
  /** What the deadline waits for, named in the timeout's detail ("summary", "report"). */
  awaiting: string;
  /** The run's own replies (its id already checked); `finish` ends the run with its final message. */
  onReply(reply: RunReply, finish: (m: M) => void): void;
  /** A host error this run reads its own way; undefined leaves it to failureOf. */
  readError?(reply: Extract<HostReply, { type: 'error' }>): RunFailure | undefined;
}

/**
 * One native connection for one run: hello, the run's request, its replies, and exactly one final
 * message to the page whatever happens (no host, a host that dies or goes silent, a bad reply).
 */
export function runOverHost<M extends { type: string }>(
  deps: Pick<BridgeDeps, 'connectNative' | 'lastErrorMessage' | 'helloTimeoutMs'>,
  run: HostRun<M>,
  send: (m: M | RunFailure | RunStarted) => void,
): void {
  let finished = false;
  let helloSeen = false;
  let native: PortLike | undefined;
  const timers: Array<ReturnType<typeof setTimeout>> = [];

  const finish = (m: M | RunFailure): void => {
    if (finished) return;
    finished = true;
    for (const t of timers) clearTimeout(t);
    send(m);
    try {
      native?.disconnect();
    } catch {
      // already gone
    }
  };

  try {
    native = deps.connectNative(NATIVE_HOST_NAME);
  } catch (e) {
    // Firefox throws synchronously for a name it cannot use; Chrome reports through onDisconnect.
    const message = String((e as Error)?.message ?? e);
    finish({ type: 'helper-missing', reason: classifyDisconnect(message), detail: message.slice(0, 500) });
    return;
  }

  let pending: HostRequest | undefined = run.request;

  native.onDisconnect.addListener((p) => {
    const message = p.error?.message ?? deps.lastErrorMessage();
    if (!helloSeen) {
      finish({
        type: 'helper-missing',
        reason: classifyDisconnect(message),
        detail: (message ?? 'disconnected before hello').slice(0, 500),
      });
    } else {
      finish({ type: 'error', reason: 'crash', detail: (message ?? 'the helper exited').slice(0, 500) });
    }
  });

  native.onMessage.addListener((raw) => {
    if (finished) return;
    const parsed = HostReplySchema.safeParse(raw);
    if (!parsed.success) {
      finish({ type: 'error', reason: 'bad-reply', detail: parsed.error.issues[0]?.message ?? 'bad reply' });
      return;
    }
    const reply = parsed.data;
    if (reply.type === 'hello') {
      if (helloSeen || !pending) return;
      helloSeen = true;
      send({ type: 'started', id: run.id, helperVersion: reply.helperVersion });
      native?.postMessage(pending);
      // The request (with the credential, if any) is not kept once sent.
      pending = undefined;
    } else if (reply.type === 'error') {
      finish(run.readError?.(reply) ?? failureOf(reply));
    } else if (reply.id === run.id) {
      run.onReply(reply, finish);
    }
  });

  timers.push(
    setTimeout(() => {
      if (!helloSeen) finish({ type: 'helper-missing', reason: 'not-installed', detail: 'no hello from the helper' });
    }, deps.helloTimeoutMs ?? HELLO_TIMEOUT_MS),
    setTimeout(
      () => finish({ type: 'error', reason: 'timeout', detail: `no ${run.awaiting} within ${run.deadlineMs} ms` }),
      run.deadlineMs,
    ),
  );
  native.postMessage({ type: 'hello' });
}
