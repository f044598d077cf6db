import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { LineReader } from '@/helper/probe/line-reader';
import { now } from '@/helper/probe/deadline';
import { ProbeError } from '@/helper/probe/errors';

const soon = (ms = 500) => now() + ms;

describe('LineReader', () => {
  it('splits CRLF and LF lines across chunks and decodes UTF-8 split between chunks', async () => {
    const s = new PassThrough();
    const r = new LineReader(s, { used: 0, max: 1 << 20 });
    const bytes = Buffer.from('+OK 準備好了\r\nsecond\nthird\r\n', 'utf8');
    s.write(bytes.subarray(0, 6)); // cuts inside the first CJK character
    s.write(bytes.subarray(6));
    expect(await r.readLine(soon(), undefined, 't')).toBe('+OK 準備好了');
    expect(await r.readLine(soon(), undefined, 't')).toBe('second');
    expect(await r.readLine(soon(), undefined, 't')).toBe('third');
  });

  it('fails with TOO_MUCH_DATA past the shared byte cap and destroys the stream', async () => {
    const s = new PassThrough();
    const budget = { used: 0, max: 1000 };
    const r = new LineReader(s, budget);
    for (let i = 0; i < 20; i++) s.write('x'.repeat(98) + '\r\n');
    await expect(async () => {
      for (;;) await r.readLine(soon(), undefined, 't');
    }).rejects.toMatchObject({ code: 'TOO_MUCH_DATA' });
    expect(s.destroyed).toBe(true);
    expect(budget.used).toBeLessThanOrEqual(1000 + 100);
  });

  it('fails with TOO_MUCH_DATA on one endless line (no newline)', async () => {
    const s = new PassThrough();
    const r = new LineReader(s, { used: 0, max: 1 << 20 }, 4096);
    s.write('+OK ' + 'a'.repeat(5000));
    await expect(r.readLine(soon(), undefined, 't')).rejects.toMatchObject({ code: 'TOO_MUCH_DATA' });
  });

  it('times out with ETIMEDOUT, saying how many bytes of a line arrived', async () => {
    const s = new PassThrough();
    const r = new LineReader(s, { used: 0, max: 1 << 20 });
    s.write('+OK sl');
    const e = await r.readLine(soon(100), undefined, 'greeting').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProbeError);
    expect(e).toMatchObject({ code: 'ETIMEDOUT', message: expect.stringContaining('6 bytes') });
  });

  it('reports a close as ECONNCLOSED and a cancel as ABORTED', async () => {
    const s = new PassThrough();
    const r = new LineReader(s, { used: 0, max: 1 << 20 });
    const pending = r.readLine(soon(), undefined, 't');
    s.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'ECONNCLOSED' });
    const s2 = new PassThrough();
    const r2 = new LineReader(s2, { used: 0, max: 1 << 20 });
    const ctl = new AbortController();
    const p2 = r2.readLine(soon(), ctl.signal, 't');
    ctl.abort();
    await expect(p2).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
