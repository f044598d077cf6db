/**
 * The background's side of a discovery, in the style of the probe bridge (native-bridge.ts): the
 * options page connects a `discover-run` port, the background starts the companion program, says
 * hello, sends one `discover` request and relays the candidates, each candidate's results and the
 * ranked report. Exactly one final message: `discovered`, `helper-missing` (no helper, or one too
 * old to discover) or `error`.
 */
import { NATIVE_HOST_NAME } from '@/contract/ids';
import { HostReplySchema, type DiscoverRequest, type HostReply } from '@/contract/protocol';
import {
  DISCOVER_DEADLINE_MS,
  DISCOVER_PORT_NAME,
  StartDiscoverySchema,
  isDiscoveryFinal,
  type DiscoveryToPage,
  type StartDiscovery,
} from '@/utils/messaging/discover-port';
import { classifyDisconnect, type BridgeDeps, type PortLike } from './native-bridge';

const HELLO_TIMEOUT_MS = 15_000;
const newId = (): string => 'd' + Math.random().toString(36).slice(2, 12) + Date.now().toString(36);

export const relayDiscovery = (deps: Omit<BridgeDeps, 'saveRun'>, start: StartDiscovery, send: (m: DiscoveryToPage) => void): void => {
  const id = newId();
  let finished = false;
  let helloSeen = false;
  let native: PortLike | undefined;
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  const finish = (m: DiscoveryToPage): void => {
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
    const message = String((e as Error)?.message ?? e);
    finish({ type: 'helper-missing', reason: classifyDisconnect(message), detail: message.slice(0, 500) });
    return;
  }
  const request: DiscoverRequest = {
    type: 'discover',
    id,
    domain: start.domain,
    ...(start.ports ? { ports: start.ports } : {}),
    ...(start.timeoutMs ? { timeoutMs: start.timeoutMs } : {}),
  };
  native.onDisconnect.addListener((p) => {
    const message = p.error?.message ?? deps.lastErrorMessage();
    if (!helloSeen)
      finish({
        type: 'helper-missing',
        reason: classifyDisconnect(message),
        detail: (message ?? 'disconnected before hello').slice(0, 500),
      });
    else finish({ type: 'error', reason: 'crash', detail: (message ?? 'the helper exited').slice(0, 500) });
  });
  native.onMessage.addListener((raw) => {
    if (finished) return;
    const parsed = HostReplySchema.safeParse(raw);
    if (!parsed.success) {
      // A helper older than discovery answers a `discover` request with a bad-request error, which parses.
      finish({ type: 'error', reason: 'bad-reply', detail: parsed.error.issues[0]?.message ?? 'bad reply' });
      return;
    }
    handle(parsed.data);
  });
  const handle = (reply: HostReply): void => {
    switch (reply.type) {
      case 'hello':
        if (helloSeen) return;
        helloSeen = true;
        send({ type: 'started', id, helperVersion: reply.helperVersion });
        native?.postMessage(request);
        return;
      case 'candidates':
        if (reply.id === id) send({ type: 'candidates', id, candidates: reply.candidates });
        return;
      case 'candidate-result':
        if (reply.id === id) send({ type: 'candidate-result', id, host: reply.host, result: reply.result });
        return;
      case 'discovered':
        if (reply.id === id) finish({ type: 'discovered', id, report: reply.report });
        return;
      case 'error': {
        const detail = reply.message.slice(0, 500);
        if (reply.code === 'not-allowed') finish({ type: 'helper-missing', reason: 'host-not-allowed', detail });
        else if (reply.code === 'busy' || reply.code === 'rate-limited') finish({ type: 'error', reason: reply.code, detail });
        // The helper predates discovery: it does not know the request. Installing the new one is the fix.
        else if (reply.code === 'bad-request' && /discover|type/i.test(reply.message))
          finish({ type: 'helper-missing', reason: 'not-installed', detail });
        else if (reply.code === 'bad-request' || reply.code === 'bad-json' || reply.code === 'too-large')
          finish({ type: 'error', reason: 'bad-request', detail });
        else finish({ type: 'error', reason: 'internal', detail });
        return;
      }
      default:
        return;
    }
  };
  timers.push(
    setTimeout(() => {
      if (!helloSeen) finish({ type: 'helper-missing', reason: 'not-installed', detail: 'no hello from the helper' });
    }, deps.helloTimeoutMs ?? HELLO_TIMEOUT_MS),
    setTimeout(
      () => finish({ type: 'error', reason: 'timeout', detail: `no report within ${deps.deadlineMs ?? DISCOVER_DEADLINE_MS} ms` }),
      deps.deadlineMs ?? DISCOVER_DEADLINE_MS,
    ),
  );
  native.postMessage({ type: 'hello' });
};

/**
 * Serves one page port of the discovery, with the probe port's rules: only this extension's own
 * pages, and the browser-wide run slot (one probe or discovery at a time, each starts its own host).
 */
export const serveDiscoverPort = (deps: Omit<BridgeDeps, 'saveRun'>, port: PortLike): void => {
  if (port.name !== DISCOVER_PORT_NAME) return;
  const log = deps.log ?? console.warn;
  const url = port.sender?.url ?? '';
  if (port.sender?.id !== deps.extensionId || !url.startsWith(deps.pagesOrigin)) {
    log(
      `m2k: discover port refused (sender): ${port.sender?.id === deps.extensionId ? url || 'no URL' : `extension ${port.sender?.id ?? 'unknown'}`}`,
    );
    if (port.sender?.id === deps.extensionId) {
      port.postMessage({
        type: 'error',
        reason: 'bad-request',
        detail: "discovery is served only to the extension's own pages",
      } satisfies DiscoveryToPage);
    }
    port.disconnect();
    return;
  }
  let open = true;
  let started = false;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  port.onMessage.addListener((raw) => {
    if (started) return;
    const parsed = StartDiscoverySchema.safeParse(raw);
    if (!parsed.success) {
      port.postMessage({
        type: 'error',
        reason: 'bad-request',
        detail: parsed.error.issues[0]?.message ?? 'bad request',
      } satisfies DiscoveryToPage);
      return;
    }
    started = true;
    const refused = deps.limits.acquire(false);
    if (refused) {
      log(`m2k: discovery refused (${refused.reason}): ${refused.detail}`);
      port.postMessage({ type: 'error', reason: refused.reason, detail: refused.detail } satisfies DiscoveryToPage);
      open = false;
      port.disconnect();
      return;
    }
    relayDiscovery(deps, parsed.data, (m) => {
      if (isDiscoveryFinal(m)) deps.limits.release();
      if (!open) return;
      port.postMessage(m);
      if (isDiscoveryFinal(m)) {
        open = false;
        port.disconnect();
      }
    });
  });
};
