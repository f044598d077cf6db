/**
 * The page side of a discovery (options page): opens the `discover-run` port, sends the one start
 * message, validates what comes back, and guarantees exactly one final callback, also when the
 * background goes away or never answers (utils/messaging/run-port-client.ts).
 */
import {
  DISCOVER_DEADLINE_MS,
  DISCOVER_PORT_NAME,
  DiscoveryToPageSchema,
  isDiscoveryFinal,
  type DiscoveryToPage,
  type StartDiscovery,
} from '../messaging/discover-port';
import { openRunPort, type Connect } from '../messaging/run-port-client';

export const startDiscovery = (
  connect: Connect,
  start: StartDiscovery,
  onMessage: (m: DiscoveryToPage) => void,
  deadlineMs = DISCOVER_DEADLINE_MS + 5_000,
): (() => void) =>
  openRunPort(connect, { name: DISCOVER_PORT_NAME, schema: DiscoveryToPageSchema, isFinal: isDiscoveryFinal, deadlineMs }, start, onMessage)
    .close;
