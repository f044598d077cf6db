/**
 * Resource bounds: a server that streams forever is cut off at the byte cap (not at the timeout,
 * which is what would let memory grow), and many such probes at once each stop the same way.
 * The bound is checked as data, not by sampling memory or timing the run: each probe fails with
 * TOO_MUCH_DATA naming the cap (a probe without the cap would read until ETIMEDOUT), and the
 * server sees every connection closed. How long it takes is `probe.byte_cap_ms` in
 * tests/bench/probe.bench.mjs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '@/helper/probe/engine';
import { DEFAULT_MAX_BYTES } from '@/helper/probe/options';
import { startFault, type FaultServer } from '../support/mail-servers/faults';
import { within } from '../support/wait';

let endless: FaultServer;
beforeAll(async () => {
  endless = await startFault('endless');
});
afterAll(async () => {
  await endless?.stop();
});

describe('byte cap', () => {
  it('twenty endless banners at once: each stops with TOO_MUCH_DATA at the cap, and the server is cut off', async () => {
    const reports = await Promise.all(
      Array.from({ length: 20 }, () => runProbe({ host: '127.0.0.1', only: ['smtp'], ports: { smtp: endless.port }, timeoutMs: 8000 })),
    );
    for (const rep of reports) {
      const failed = rep.results[0]!.stages.find((s) => !s.ok);
      expect(failed).toMatchObject({ name: 'greeting', code: 'TOO_MUCH_DATA' });
      expect(failed?.detail).toContain(String(DEFAULT_MAX_BYTES));
    }
    // Every connection was closed by the probe (the server closes none of its own).
    await within(endless.allClosed(), 10_000, 'the probes to close their connections');
    expect(endless.connections()).toMatchObject({ accepted: 20, open: 0 });
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
