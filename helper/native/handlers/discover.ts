/**
 * The `discover` request: "Find my server" for one organisation's domain, inside the discovery
 * rules of allow.ts, with a pause between discoveries counted from the end of the last one, so a
 * caller cannot keep the host discovering back to back. The candidates and each one's results are
 * streamed, then the ranked report.
 */
import type { DiscoverRequest } from '@/contract/protocol';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import { isDiscoverableDomain } from '../../discover/candidates';
import { checkDiscoverRequest } from '../allow';
import { runJob, type DiscoverFn, type DiscoveryEventFn, type JobContext } from '../jobs';
import { resultReply } from './probe';

export function discoverHandler(ctx: JobContext, discover: DiscoverFn | undefined): (req: DiscoverRequest) => void {
  let lastDiscoveryAt = -Infinity;
  return (req) => {
    const verdict = checkDiscoverRequest(req, ctx.allow, isDiscoverableDomain);
    if (!verdict.ok) return ctx.send({ type: 'error', id: req.id, code: 'not-allowed', message: verdict.message });
    if (ctx.running) return ctx.send({ type: 'error', id: req.id, code: 'busy', message: `${ctx.running.id} is still running` });
    const wait = lastDiscoveryAt + DISCOVERY_LIMITS.minIntervalMs - ctx.now();
    if (wait > 0) {
      const message = `one discovery every ${DISCOVERY_LIMITS.minIntervalMs} ms; try again in ${Math.ceil(wait)} ms`;
      return ctx.send({ type: 'error', id: req.id, code: 'rate-limited', message });
    }
    if (!discover) return ctx.send({ type: 'error', id: req.id, code: 'internal', message: 'this helper cannot discover servers' });
    const id = req.id;
    const onEvent: DiscoveryEventFn = (e) => {
      if (e.kind === 'candidates') return ctx.send({ type: 'candidates', id, candidates: e.candidates });
      // Bounded like a probe's results: one chatty server cannot break the frame.
      const r = resultReply(id, e.result);
      ctx.send(r.type === 'result' ? { type: 'candidate-result', id, host: e.host, result: r.result } : r);
    };
    runJob(
      ctx,
      id,
      async (signal) => {
        const report = await discover({ domain: req.domain.toLowerCase(), ports: req.ports, timeoutMs: req.timeoutMs }, onEvent, signal);
        return { type: 'discovered', id, report };
      },
      { failed: 'discovery failed', aborted: 'discovery aborted' },
      // The pause counts from the end: a caller cannot keep the host discovering back to back.
      () => (lastDiscoveryAt = ctx.now()),
    );
  };
}
