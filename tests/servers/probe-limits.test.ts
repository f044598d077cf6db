/**
 * Resource bounds: a server that streams forever must not grow our memory (the byte cap drops the
 * connection), and many such probes at once stay within a fixed bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, DEFAULT_MAX_BYTES } from '@/helper/probe/engine';
import { startFault, type FaultServer } from '../support/mail-servers/faults';

let endless: FaultServer;
beforeAll(async () => {
  endless = await startFault('endless');
});
afterAll(async () => {
  await endless?.stop();
});

const mem = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

describe('byte cap', () => {
  it('twenty endless banners at once: each stops with TOO_MUCH_DATA, memory stays bounded, the server is cut off', async () => {
    const before = mem();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, mem())), 5);
    try {
      const reports = await Promise.all(
        Array.from({ length: 20 }, () => runProbe({ host: '127.0.0.1', only: ['smtp'], ports: { smtp: endless.port }, timeoutMs: 8000 })),
      );
      for (const rep of reports) {
        const r = rep.results[0]!;
        expect(r.stages.find((s) => !s.ok)).toMatchObject({ name: 'greeting', code: 'TOO_MUCH_DATA' });
        expect(r.stages.find((s) => !s.ok)?.detail).toContain(String(DEFAULT_MAX_BYTES));
        expect(rep.ms).toBeLessThan(4000);
      }
    } finally {
      clearInterval(sampler);
    }
    // 20 × 64 KiB of data is 1.3 MiB; without a cap the banner would stream until the 8 s timeout
    // (hundreds of MiB on loopback). Allow generous headroom for V8 and vitest.
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
    // The connections are closed: the server cannot write any more.
    const written = endless.bytesWritten();
    await new Promise((r) => setTimeout(r, 300));
    expect(endless.bytesWritten()).toBe(written);
  });

  it('a larger cap is honoured as given', async () => {
    const maxBytes = 1024 * 1024;
    const rep = await runProbe({ host: '127.0.0.1', only: ['smtp'], ports: { smtp: endless.port }, timeoutMs: 8000, maxBytes });
    const f = rep.results[0]!.stages.find((s) => !s.ok);
    expect(f).toMatchObject({ code: 'TOO_MUCH_DATA' });
    expect(f?.detail).toContain(String(maxBytes));
  });

  it('rejects invalid options with a zod error (no network activity)', async () => {
    await expect(runProbe({ host: 'bad host name!' })).rejects.toThrow();
    await expect(runProbe({ host: 'localhost', timeoutMs: -1 })).rejects.toThrow();
    await expect(runProbe({ host: 'localhost', ports: { pop3: 70000 } })).rejects.toThrow();
  });
});
