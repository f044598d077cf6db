/**
 * The page side of a discovery (options page): opens the `discover-run` port, sends the one start
 * message, validates what comes back, and guarantees exactly one final callback, also when the
 * background goes away or never answers. As probe client.ts does for the probe.
 */
import {
  DISCOVER_DEADLINE_MS,
  DISCOVER_PORT_NAME,
  DiscoveryToPageSchema,
  isDiscoveryFinal,
  type DiscoveryToPage,
  type StartDiscovery,
} from '../messaging/discover-port';
import type { Connect } from './client';

export const startDiscovery = (
  connect: Connect,
  start: StartDiscovery,
  onMessage: (m: DiscoveryToPage) => void,
  deadlineMs = DISCOVER_DEADLINE_MS + 5_000,
): (() => void) => {
  let done = false;
  const port = connect({ name: DISCOVER_PORT_NAME });
  const close = () => {
    done = true;
    clearTimeout(timer);
    try {
      port.disconnect();
    } catch {
      // already closed
    }
  };
  const end = (m: DiscoveryToPage) => {
    if (done) return;
    close();
    onMessage(m);
  };
  const timer = setTimeout(() => end({ type: 'error', reason: 'timeout', detail: 'no answer from the background' }), deadlineMs);
  port.onMessage.addListener((raw) => {
    if (done) return;
    const m = DiscoveryToPageSchema.safeParse(raw);
    if (!m.success) return end({ type: 'error', reason: 'bad-reply', detail: m.error.issues[0]?.message ?? 'bad reply' });
    if (isDiscoveryFinal(m.data)) end(m.data);
    else onMessage(m.data);
  });
  port.onDisconnect.addListener(() => end({ type: 'error', reason: 'crash', detail: 'the background closed the connection' }));
  port.postMessage(start);
  return close;
};
