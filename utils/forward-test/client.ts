/**
 * The test page's side of the forwarding test's port (utils/messaging/forward-test-port.ts): opens
 * it, validates what comes back, and guarantees exactly one final callback, also when the
 * background goes away or never answers. The page may send the person's later answers on it.
 */
import {
  FORWARD_TEST_DEADLINE_MS,
  FORWARD_TEST_PORT_NAME,
  ForwardTestToPageSchema,
  isForwardTestFinal,
  type ForwardTestToPage,
  type PageToForwardTest,
} from '../messaging/forward-test-port';
import { openRunPort, type Connect } from '../messaging/run-port-client';

export interface ForwardTestRun {
  /** The person sent the message by hand, or answered whether it arrived. */
  say(m: Exclude<PageToForwardTest, { type: 'start' }>): void;
  close(): void;
}

export function startForwardTest(
  connect: Connect,
  credential: { user: string; password: string },
  onMessage: (m: ForwardTestToPage) => void,
  deadlineMs = FORWARD_TEST_DEADLINE_MS + 5_000,
): ForwardTestRun {
  // The credential is in this one message and nowhere else on this side.
  const run = openRunPort(
    connect,
    { name: FORWARD_TEST_PORT_NAME, schema: ForwardTestToPageSchema, isFinal: isForwardTestFinal, deadlineMs },
    { type: 'start', credential } satisfies PageToForwardTest,
    onMessage,
  );
  return { say: (m) => run.send(m), close: run.close };
}
