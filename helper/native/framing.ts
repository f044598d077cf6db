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

  /** Removes exactly n buffered bytes (n <= buffered); copies only when a frame spans chunks. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0]!;
        const k = Math.min(c.length, n - filled);
        c.copy(out, filled, 0, k);
        filled += k;
        if (k === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(k);
      }
    }
    this.buffered -= n;
    return out;
  }
}
