/**
 * The background's side of a discovery, on the same run over the host (host-run.ts) and the same
 * page-port rules (page-port.ts) as the probe's: the options page connects a `discover-run` port,
 * the background starts the companion program, says hello, sends one `discover` request and
 * relays the candidates, each candidate's results and the ranked report. Exactly one final message: `discovered`, `helper-missing` (no helper, or one too
 * old to discover) or `error` (`rate-limited` with `retryAfterMs` inside the pause between discoveries).
 */
import type { DiscoverRequest } from '@/contract/protocol';
import {
  DISCOVER_DEADLINE_MS,
  DISCOVER_PORT_NAME,
  StartDiscoverySchema,
  isDiscoveryFinal,
  type DiscoveryToPage,
  type StartDiscovery,
} from '@/utils/messaging/discover-port';
import type { BridgeDeps, PortLike } from './bridge-deps';
import { runId, runOverHost } from './host-run';
import { servePort } from './page-port';
import type { DiscoveryPacing } from './discover-pacing';

export const relayDiscovery = (deps: Omit<BridgeDeps, 'saveRun'>, start: StartDiscovery, send: (m: DiscoveryToPage) => void): void => {
  const id = runId('d');
  const request: DiscoverRequest = {
    type: 'discover',
    id,
    domain: start.domain,
    ...(start.ports ? { ports: start.ports } : {}),
    ...(start.timeoutMs ? { timeoutMs: start.timeoutMs } : {}),
  };
  runOverHost<DiscoveryToPage>(
    deps,
    {
      id,
      request,
      deadlineMs: deps.deadlineMs ?? DISCOVER_DEADLINE_MS,
      awaiting: 'report',
      onReply: (reply, finish) => {
        if (reply.type === 'candidates') send({ type: 'candidates', id, candidates: reply.candidates });
        else if (reply.type === 'candidate-result') send({ type: 'candidate-result', id, host: reply.host, result: reply.result });
        else if (reply.type === 'discovered') finish({ type: 'discovered', id, report: reply.report });
      },
      // The helper predates discovery: it does not know the request. Installing the new one is the fix.
      readError: (reply) =>
        reply.code === 'bad-request' && /discover|type/i.test(reply.message)
          ? { type: 'helper-missing', reason: 'not-installed', detail: reply.message.slice(0, 500) }
          : undefined,
    },
    send,
  );
};

export type DiscoverDeps = Omit<BridgeDeps, 'saveRun'> & { pacing: DiscoveryPacing };

/**
 * A discovery inside the pause between discoveries (discover-pacing.ts): refused with how long to
 * wait, or started, its end recorded before the page hears the final message (so a page that asks
 * again at once is inside the pause, whatever it does).
 */
const pacedDiscovery = (deps: DiscoverDeps, start: StartDiscovery, send: (m: DiscoveryToPage) => void): void => {
  const log = deps.log ?? console.warn;
  deps.pacing.admit().then(
    (refused) => {
      if (refused) {
        log(`m2k: discover refused (${refused.reason}): ${refused.detail}`);
        return send({ type: 'error', ...refused });
      }
      relayDiscovery(deps, start, (m) => {
        if (!isDiscoveryFinal(m)) return send(m);
        void (m.type === 'helper-missing' ? deps.pacing.notRun() : deps.pacing.ended()).finally(() => send(m));
      });
    },
    // Without its record of the last run, the background cannot keep the pause: refuse rather than guess.
    () => send({ type: 'error', reason: 'internal', detail: 'the pause between discoveries could not be read' }),
  );
};

/** Serves one page port of the discovery, with the probe port's rules and run slot, and the pause between discoveries. */
export const serveDiscoverPort = (deps: DiscoverDeps, port: PortLike): void =>
  servePort(deps, port, {
    name: DISCOVER_PORT_NAME,
    label: 'discover',
    served: 'discovery',
    parseStart: (raw) => StartDiscoverySchema.safeParse(raw),
    isFinal: isDiscoveryFinal,
    testsLogin: () => false,
    relay: (start, send) => pacedDiscovery(deps, start, send),
  });
