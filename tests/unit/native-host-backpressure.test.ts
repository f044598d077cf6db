// The host loop in-process with in-memory pipes (no browser needed to fill a pipe): a reader that
// stops reading while a flood of frames arrives must not grow the host's listeners per frame.
import { describe, expect, it } from 'vitest';
import { endianness } from 'node:os';
import { PassThrough, Writable } from 'node:stream';
import { CHROME_ORIGIN } from '@/contract/ids';
import { runHost } from '@/helper/native/host';
import { DEFAULT_CONFIG } from '@/helper/config';
import { frame } from '../support/native-host/client';

/** A pipe whose reader is asleep: writes are held until `wake()`, like a browser that stopped reading. */
function sleepyOutput(): { out: Writable; wake(): void; written(): Buffer } {
  const held: (() => void)[] = [];
  const chunks: Buffer[] = [];
  let awake = false;
  const out = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      if (awake) cb();
      else held.push(cb);
    },
  });
  return {
    out,
    wake() {
      awake = true;
      for (const cb of held.splice(0)) cb();
    },
    written: () => Buffer.concat(chunks),
  };
}

describe('native host backpressure', () => {
  it('a flood of frames while the output is blocked adds at most one drain listener, and every frame is still answered', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const input = new PassThrough();
      const { out, wake, written } = sleepyOutput();
      let maxDrain = 0;
      const origOnce = out.once.bind(out);
      out.once = ((event: string, fn: (...a: unknown[]) => void) => {
        const r = origOnce(event, fn);
        if (event === 'drain') maxDrain = Math.max(maxDrain, out.listenerCount('drain'));
        return r;
      }) as typeof out.once;
      const done = runHost({
        input,
        output: out,
        caller: { browser: 'chromium', origin: CHROME_ORIGIN },
        config: DEFAULT_CONFIG,
        probe: async () => ({ host: 'x', ms: 0, results: [] }),
        helperVersion: '0.0.0',
      });
      const N = 200;
      // One chunk of 200 small frames: all of them are split and answered before the pause takes effect.
      input.write(Buffer.concat(Array.from({ length: N }, () => frame({ type: 'hello' }))));
      await new Promise((r) => setTimeout(r, 50));
      expect(out.listenerCount('drain')).toBeLessThanOrEqual(1);
      expect(maxDrain).toBeLessThanOrEqual(1);
      wake();
      input.end();
      expect(await done).toBe(0);
      const bytes = written();
      let count = 0;
      for (let at = 0; at + 4 <= bytes.length;) {
        const n = endianness() === 'LE' ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
        expect(JSON.parse(bytes.subarray(at + 4, at + 4 + n).toString('utf8'))).toMatchObject({ type: 'hello' });
        at += 4 + n;
        count++;
      }
      expect(count).toBe(N);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
