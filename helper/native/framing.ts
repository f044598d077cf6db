/**
 * Native messaging framing: each message is a 4-byte length in the machine's byte order followed
 * by that many bytes of UTF-8 JSON. The reader never buffers more than one capped frame, so a
 * hostile or broken length prefix cannot make the host grow without bound.
 */
import { endianness } from 'node:os';

const LITTLE = endianness() === 'LE';

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const frame = Buffer.allocUnsafe(4 + body.length);
  if (LITTLE) frame.writeUInt32LE(body.length, 0);
  else frame.writeUInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

export type FrameEvent =
  /** A complete frame body (not yet parsed: the host decides what bad JSON means). */
  | { kind: 'frame'; body: Buffer }
  /** The length prefix is above the cap; the stream cannot be resynchronised after this. */
  | { kind: 'too-large'; length: number };

/**
 * Incremental frame splitter. `push` takes whatever chunk the pipe delivered and returns the
 * frames it completed; after a `too-large` event it refuses to read further.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;
  private dead = false;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held for a frame that has not completed yet (0 at a frame boundary). */
  get pending(): number {
    return this.buffered;
  }

  get broken(): boolean {
    return this.dead;
  }

  push(chunk: Buffer): FrameEvent[] {
    if (this.dead) return [];
    const events: FrameEvent[] = [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) break;
        const head = this.take(4);
        const length = LITTLE ? head.readUInt32LE(0) : head.readUInt32BE(0);
        if (length > this.maxBytes) {
          this.dead = true;
          this.chunks = [];
          this.buffered = 0;
          events.push({ kind: 'too-large', length });
          break;
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      const body = this.take(this.expected);
      this.expected = -1;
      events.push({ kind: 'frame', body });
    }
    return events;
  }

  /** Removes exactly n buffered bytes (n <= buffered). */
  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const out = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}
