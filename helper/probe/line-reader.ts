/**
 * Reads CRLF lines from a socket with a byte cap shared by every reader of one service (plain and,
 * after STARTTLS, TLS): a server that streams forever makes us fail with TOO_MUCH_DATA and drop the
 * connection instead of growing memory. Bytes are kept as latin1 text so length === bytes, and each
 * complete line is decoded as UTF-8.
 */
import type { Duplex } from 'node:stream';
import { ProbeError, toProbeError } from './errors';
import { race } from './deadline';

export interface ByteBudget {
  used: number;
  readonly max: number;
}

/** A single reply line longer than this is not a mail protocol reply (RFC 5321 allows 512, IMAP CAPABILITY a few KiB). */
export const MAX_LINE_BYTES = 8 * 1024;

export class LineReader {
  private partial = '';
  private readonly lines: string[] = [];
  private failure: ProbeError | null = null;
  private waiter: (() => void) | null = null;

  constructor(
    private readonly socket: Duplex,
    private readonly budget: ByteBudget,
    private readonly maxLine = MAX_LINE_BYTES,
  ) {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Bytes received that do not (yet) form a complete line: shown when a server drips. */
  get pendingBytes(): number {
    return this.partial.length;
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.failure) return;
    this.budget.used += chunk.length;
    if (this.budget.used > this.budget.max) {
      this.fail(new ProbeError('TOO_MUCH_DATA', `the server sent more than ${this.budget.max} bytes`));
      return;
    }
    this.partial += chunk.toString('latin1');
    let i: number;
    while ((i = this.partial.indexOf('\n')) >= 0) {
      const raw = this.partial.slice(0, i).replace(/\r$/, '');
      this.partial = this.partial.slice(i + 1);
      this.lines.push(Buffer.from(raw, 'latin1').toString('utf8'));
    }
    if (this.partial.length > this.maxLine) {
      this.fail(new ProbeError('TOO_MUCH_DATA', `a reply line longer than ${this.maxLine} bytes`));
      return;
    }
    this.wake();
  };

  private readonly onError = (e: Error): void => this.fail(toProbeError(e));
  private readonly onClose = (): void => this.fail(new ProbeError('ECONNCLOSED', 'the server closed the connection'));

  private fail(e: ProbeError): void {
    if (!this.failure) this.failure = e;
    if (e.code === 'TOO_MUCH_DATA') {
      // Drop what we hold and stop reading: this is what keeps memory bounded.
      this.partial = '';
      this.lines.length = 0;
      this.socket.destroy();
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** The next line, or a ProbeError (ETIMEDOUT at `until`, the socket's error, ECONNCLOSED, TOO_MUCH_DATA). */
  async readLine(until: number, signal: AbortSignal | undefined, what: string): Promise<string> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined && this.failure?.code !== 'TOO_MUCH_DATA') return line;
      if (this.failure) throw this.failure;
      await race(new Promise<void>((resolve) => (this.waiter = resolve)), until, signal, what).catch((e: unknown) => {
        this.waiter = null;
        if (e instanceof ProbeError && e.code === 'ETIMEDOUT' && this.partial.length > 0) {
          throw new ProbeError('ETIMEDOUT', `${e.message}; only ${this.partial.length} bytes of an unfinished line arrived`);
        }
        throw e;
      });
    }
  }

  /** Stops reading this socket (before a TLS upgrade). Returns whether unread bytes were left over. */
  detach(): boolean {
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onClose);
    return this.lines.length > 0 || this.partial.length > 0;
  }
}
