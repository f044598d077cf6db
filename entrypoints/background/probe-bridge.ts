/**
 * The background's side of the probe: a page connects a port (utils/messaging/probe-port.ts), the
 * background runs one probe over the native host (host-run.ts) and relays each result as it
 * arrives, then the summary, once the run is stored in history. The port is served under the rules
 * every page port shares (page-port.ts).
 */
import type { Service } from '@/contract/mail2000';
import type { ProbeRequest, ServiceResult } from '@/contract/protocol';
import {
  isFinal,
  PageToBackgroundSchema,
  PROBE_PORT_NAME,
  RUN_DEADLINE_MS,
  type BackgroundToPage,
  type StartProbe,
} from '@/utils/messaging/probe-port';
import type { HistoryRecord } from '@/utils/history/records';
import type { BridgeDeps, PortLike } from './bridge-deps';
import { runId, runOverHost } from './host-run';
import { servePort } from './page-port';

export const relayProbe = (deps: BridgeDeps, start: StartProbe, send: (m: BackgroundToPage) => void): void => {
  const id = runId();
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
