/**
 * The page side of a probe run (an extension page: the background refuses content scripts): opens the port, sends
 * the one start message, validates what comes back, and guarantees exactly one final callback —
 * also when the background goes away (port closed without a final message) or never answers.
 */
import {
  BackgroundToPageSchema,
  isFinal,
  PROBE_PORT_NAME,
  RUN_DEADLINE_MS,
  type BackgroundToPage,
  type StartProbe,
} from '../messaging/probe-port';

export interface ClientPort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (m: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export type Connect = (info: { name: string }) => ClientPort;

/** Starts a run; returns a function that stops listening (the run itself continues in the background). */
export const startProbe = (
  connect: Connect,
  start: StartProbe,
  onMessage: (m: BackgroundToPage) => void,
  deadlineMs = RUN_DEADLINE_MS + 5_000,
): (() => void) => {
  let done = false;
  const port = connect({ name: PROBE_PORT_NAME });
  const end = (m: BackgroundToPage) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    onMessage(m);
    try {
      port.disconnect();
    } catch {
      // already closed
    }
  };
  const timer = setTimeout(() => end({ type: 'error', reason: 'timeout', detail: 'no answer from the background' }), deadlineMs);
  port.onMessage.addListener((raw) => {
    if (done) return;
    const m = BackgroundToPageSchema.safeParse(raw);
    if (!m.success) return end({ type: 'error', reason: 'bad-reply', detail: m.error.issues[0]?.message ?? 'bad reply' });
    if (isFinal(m.data)) end(m.data);
    else onMessage(m.data);
  });
  port.onDisconnect.addListener(() => end({ type: 'error', reason: 'crash', detail: 'the background closed the connection' }));
  port.postMessage(start);
  return () => {
    done = true;
    clearTimeout(timer);
    try {
      port.disconnect();
    } catch {
      // already closed
    }
  };
};
