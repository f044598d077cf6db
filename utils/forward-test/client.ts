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
import type { Connect } from '../probe/client';

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
  let done = false;
  const port = connect({ name: FORWARD_TEST_PORT_NAME });
  const close = () => {
    done = true;
    clearTimeout(timer);
    try {
      port.disconnect();
    } catch {
      // already closed
    }
  };
  const end = (m: ForwardTestToPage) => {
    if (done) return;
    close();
    onMessage(m);
  };
  const timer = setTimeout(() => end({ type: 'error', reason: 'timeout', detail: 'no answer from the background' }), deadlineMs);
  port.onMessage.addListener((raw) => {
    if (done) return;
    const m = ForwardTestToPageSchema.safeParse(raw);
    if (!m.success) return end({ type: 'error', reason: 'bad-reply', detail: m.error.issues[0]?.message ?? 'bad reply' });
    if (isForwardTestFinal(m.data)) end(m.data);
    else onMessage(m.data);
  });
  port.onDisconnect.addListener(() => end({ type: 'error', reason: 'crash', detail: 'the background closed the connection' }));
  // The credential is in this one message and nowhere else on this side.
  port.postMessage({ type: 'start', credential } satisfies PageToForwardTest);
  return { say: (m) => !done && port.postMessage(m), close };
}
