/**
 * The background's side of the probe: a page connects a port (utils/messaging/probe-port.ts), the background
 * starts the companion program with connectNative, says hello, sends one probe request and relays
 * each result as it arrives, then the summary. Every finished run is stored in history.
 *
 * A run always ends with exactly one final message to the page (summary, helper-missing or error),
 * never silence:
 * - the host is not installed / not allowed for this extension / dies before its hello reply
 *   -> `helper-missing` (the page shows how to install the helper on this system);
 * - the host refuses the mail host (not on its allow-list) -> `helper-missing`, reason host-not-allowed;
 * - the host dies after hello -> `error` crash; goes silent -> `error` timeout.
 * Each run opens its own native connection, so a host that died is simply started again on the next
 * run (that is the reconnect); a connection is never reused after a failure.
 *
 * The credential, when given, is put into the one request to the host and not kept anywhere.
 */
import { NATIVE_HOST_NAME } from '@/contract/ids';
import type { Service } from '@/contract/mail2000';
import { HostReplySchema, type HostReply, type HostRequest, type ProbeRequest, type ServiceResult } from '@/contract/protocol';
import {
  isFinal,
  PageToBackgroundSchema,
  PROBE_PORT_NAME,
  RUN_DEADLINE_MS,
  type BackgroundToPage,
  type StartProbe,
} from '@/utils/messaging/probe-port';
import type { HelperMissingReason, RunFailure, RunStarted } from '@/utils/messaging/run-port';
import type { HistoryRecord } from '@/utils/history/records';
import type { RunLimits } from './run-limits';

/** The part of a runtime.Port we use, so both browsers' ports (and the tests' stand-ins) fit. */
export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: (port: PortLike) => void): void };
  /** Firefox puts the reason of a disconnect here. */
  error?: { message?: string } | null;
  /** Who connected: for a page port, its extension id and the URL of the page or tab (and the tab, for a page in one). */
  sender?: { id?: string; url?: string; tab?: unknown };
}

export interface BridgeDeps {
  connectNative(name: string): PortLike;
  /** Chrome's reason for the last disconnect (chrome.runtime.lastError), read inside onDisconnect. */
  lastErrorMessage(): string | undefined;
  saveRun(record: HistoryRecord): Promise<number | undefined>;
  extensionId: string;
  /** runtime.getURL('/'): the probe port is served only to pages under it (not to content scripts). */
  pagesOrigin: string;
  /** One run at a time, a few login tests a minute: shared by every port of this browser. */
  limits: RunLimits;
  /** Where refusals are written (the background's console), each with its reason. */
  log?: (line: string) => void;
  deadlineMs?: number;
  helloTimeoutMs?: number;
}

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

const newId = (): string => Math.random().toString(36).slice(2, 12) + Date.now().toString(36);

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

export const relayProbe = (deps: BridgeDeps, start: StartProbe, send: (m: BackgroundToPage) => void): void => {
  const id = newId();
  const results = new Map<Service, ServiceResult>();
  const request: ProbeRequest = {
    type: 'probe',
    id,
    host: start.host,
    ...(start.ports ? { ports: start.ports } : {}),
    ...(start.only ? { only: start.only } : {}),
    ...(start.credential ? { credential: start.credential } : {}),
  };
  runOverHost<BackgroundToPage>(
    deps,
    {
      id,
      request,
      deadlineMs: deps.deadlineMs ?? RUN_DEADLINE_MS,
      awaiting: 'summary',
      onReply: (reply, finish) => {
        if (reply.type === 'result') {
          results.set(reply.result.service, reply.result);
          send({ type: 'result', id, result: reply.result });
        } else if (reply.type === 'summary') {
          const record: HistoryRecord = {
            kind: 'probe',
            at: Date.now(),
            host: reply.host,
            ms: reply.ms,
            ok: reply.ok,
            credentialTested: start.credential !== undefined,
            results: [...results.values()],
          };
          const base = { type: 'summary' as const, id, host: reply.host, ms: reply.ms, ok: reply.ok };
          // The page hears the summary only once the run is stored, so the report page shows it at once.
          deps.saveRun(record).then(
            (historyId) => finish(historyId === undefined ? base : { ...base, historyId }),
            () => finish(base),
          );
        }
      },
    },
    send,
  );
};

/** What differs between the pages' ports: the probe's and the discovery's. */
export interface PortService<S, M> {
  name: string;
  /** In the log ("probe" → "probe port refused", "probe refused"). */
  label: string;
  /** What a refused content script is told is served only to the extension's own pages. */
  served: string;
  parseStart(raw: unknown): { success: true; data: S } | { success: false; error: { issues: Array<{ message: string }> } };
  isFinal(m: M): boolean;
  /** Whether the run counts as a login test for the rate limit. */
  testsLogin(start: S): boolean;
  relay(start: S, send: (m: M) => void): void;
}

/**
 * Serves one page port: validates the start message, runs, relays, closes. Only this extension's
 * own pages may connect (a content script runs inside a web page, which must not be able to drive
 * the helper); a refused port or start is told why, and the reason is logged. Every port shares the
 * browser-wide run slot, freed by the run's final message whether or not the page still listens.
 */
export function servePort<S, M>(
  deps: Pick<BridgeDeps, 'extensionId' | 'pagesOrigin' | 'limits' | 'log'>,
  port: PortLike,
  svc: PortService<S, M>,
): void {
  if (port.name !== svc.name) return;
  const log = deps.log ?? console.warn;
  const url = port.sender?.url ?? '';
  if (port.sender?.id !== deps.extensionId || !url.startsWith(deps.pagesOrigin)) {
    log(
      `m2k: ${svc.label} port refused (sender): ${port.sender?.id === deps.extensionId ? url || 'no URL' : `extension ${port.sender?.id ?? 'unknown'}`}`,
    );
    // Another extension hears nothing; our own content script hears why.
    if (port.sender?.id === deps.extensionId) {
      port.postMessage({
        type: 'error',
        reason: 'bad-request',
        detail: `${svc.served} is served only to the extension's own pages`,
      } satisfies RunFailure);
    }
    port.disconnect();
    return;
  }
  let open = true;
  let started = false;
  port.onDisconnect.addListener(() => {
    // The page closed: the run goes on (a probe is still stored), nobody is told.
    open = false;
  });
  port.onMessage.addListener((raw) => {
    if (started) return;
    const parsed = svc.parseStart(raw);
    if (!parsed.success) {
      port.postMessage({
        type: 'error',
        reason: 'bad-request',
        detail: parsed.error.issues[0]?.message ?? 'bad request',
      } satisfies RunFailure);
      return;
    }
    started = true;
    const refused = deps.limits.acquire(svc.testsLogin(parsed.data));
    if (refused) {
      log(`m2k: ${svc.label} refused (${refused.reason}): ${refused.detail}`);
      if (!open) return;
      open = false;
      port.postMessage({ type: 'error', reason: refused.reason, detail: refused.detail } satisfies RunFailure);
      port.disconnect();
      return;
    }
    svc.relay(parsed.data, (m) => {
      if (svc.isFinal(m)) deps.limits.release();
      if (!open) return;
      port.postMessage(m);
      if (svc.isFinal(m)) {
        open = false;
        port.disconnect();
      }
    });
  });
}

export const servePagePort = (deps: BridgeDeps, port: PortLike): void =>
  servePort(deps, port, {
    name: PROBE_PORT_NAME,
    label: 'probe',
    served: 'the probe',
    parseStart: (raw) => PageToBackgroundSchema.safeParse(raw),
    isFinal,
    testsLogin: (start) => start.credential !== undefined,
    relay: (start, send) => relayProbe(deps, start, send),
  });
