/**
 * Stand-ins for the browser parts the background's unit tests need (no browser runs there): a
 * storage area with the browser's get/set/remove shape, and a runtime port whose other end is the test.
 */
import type { KeyValueArea } from '@/entrypoints/background/setup-intent';
import type { PortLike } from '@/entrypoints/background/native-bridge';

/** An in-memory storage area; values are copied in and out, as the browser's are. */
export const memoryArea = (): KeyValueArea & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => (data.has(k) ? { [k]: structuredClone(data.get(k)) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (k) => void data.delete(k),
  };
};

export type FakePort = PortLike & { sent: unknown[]; emit(m: unknown): void; drop(error?: string): void; closed: boolean };

/** A port whose other end is the test: `sent` is what our code posted, `emit`/`drop` act as the peer. */
export const fakePort = (name = 'native', url = 'chrome-extension://ext/popup.html'): FakePort => {
  const msgs: Array<(m: unknown) => void> = [];
  const discs: Array<(p: PortLike) => void> = [];
  const port: FakePort = {
    name,
    sent: [],
    closed: false,
    error: null,
    sender: { id: 'ext', url },
    postMessage(m) {
      this.sent.push(structuredClone(m));
    },
    disconnect() {
      this.closed = true;
    },
    onMessage: { addListener: (cb) => msgs.push(cb) },
    onDisconnect: { addListener: (cb) => discs.push(cb) },
    emit: (m) => msgs.forEach((cb) => cb(m)),
    drop(error) {
      this.error = error ? { message: error } : null;
      discs.forEach((cb) => cb(port));
    },
  };
  return port;
};
