/** The page side of a probe run (the popup): the probe port's client (utils/messaging/run-port-client.ts). */
import {
  BackgroundToPageSchema,
  isFinal,
  PROBE_PORT_NAME,
  RUN_DEADLINE_MS,
  type BackgroundToPage,
  type StartProbe,
} from '../messaging/probe-port';
import { openRunPort, type Connect } from '../messaging/run-port-client';

/** Starts a run; returns a function that stops listening (the run itself continues in the background). */
export const startProbe = (
  connect: Connect,
  start: StartProbe,
  onMessage: (m: BackgroundToPage) => void,
  deadlineMs = RUN_DEADLINE_MS + 5_000,
): (() => void) =>
  openRunPort(connect, { name: PROBE_PORT_NAME, schema: BackgroundToPageSchema, isFinal, deadlineMs }, start, onMessage).close;
