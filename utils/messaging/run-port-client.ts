/**
 * The page side of a run port (the probe's, the discovery's, the forwarding test's; an extension
 * page, since the background refuses content scripts): opens the port, sends the start message,
 * validates what comes back with the port's schema, and guarantees exactly one final callback, also
 * when the background goes away (the port closed without a final message) or never answers.
 */
export interface ClientPort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (m: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export type Connect = (info: { name: string }) => ClientPort;

/** The failures this side makes up itself: every port's messages include them (run-port.ts). */
type LocalFailure = { type: 'error'; reason: 'timeout' | 'bad-reply' | 'crash'; detail: string };

interface RunPortSpec<M> {
  name: string;
  schema: {
    safeParse(raw: unknown): { success: true; data: M } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
  };
  isFinal(m: M): boolean;
  /** How long to wait for the final message before giving up. */
  deadlineMs: number;
}

export interface RunPortClient {
  /** Sends a later message of the page's (until the run has ended). */
  send(m: unknown): void;
  /** Stops listening; the run itself may go on in the background. */
  close(): void;
}

export function openRunPort<M extends { type: string }>(
  connect: Connect,
  spec: RunPortSpec<M>,
  start: unknown,
  onMessage: (m: M | LocalFailure) => void,
): RunPortClient {
  let done = false;
  const port = connect({ name: spec.name });
  const close = () => {
    done = true;
    clearTimeout(timer);
    try {
      port.disconnect();
    } catch {
      // already closed
    }
  };
  const end = (m: M | LocalFailure) => {
    if (done) return;
    close();
    onMessage(m);
  };
  const timer = setTimeout(() => end({ type: 'error', reason: 'timeout', detail: 'no answer from the background' }), spec.deadlineMs);
  port.onMessage.addListener((raw) => {
    if (done) return;
    const m = spec.schema.safeParse(raw);
    if (!m.success) return end({ type: 'error', reason: 'bad-reply', detail: m.error.issues[0]?.message ?? 'bad reply' });
    if (spec.isFinal(m.data)) end(m.data);
    else onMessage(m.data);
  });
  port.onDisconnect.addListener(() => end({ type: 'error', reason: 'crash', detail: 'the background closed the connection' }));
  port.postMessage(start);
  return { send: (m) => void (done || port.postMessage(m)), close };
}
