/**
 * A stand-in for a browser runtime port, for the background's unit tests (no browser runs there);
 * the storage stand-in is tests/support/storage.ts.
 */
import type { PortLike } from '@/entrypoints/background/bridge-deps';

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
