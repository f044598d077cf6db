/**
 * The `probe` request: one host on the allow-list checked, each service's result streamed as it
 * comes, bounded to the reply's limits so one chatty server cannot break the frame, then a summary.
 */
import { ServiceResultSchema, type HostReply, type ProbeRequest, type ServiceResult } from '@/contract/protocol';
import { checkProbeRequest } from '../allow';
import { runJob, type JobContext, type ProbeFn } from '../jobs';

export function probeHandler(ctx: JobContext, probe: ProbeFn): (req: ProbeRequest) => void {
  return (req) => {
    const verdict = checkProbeRequest(req, ctx.allow);
    if (!verdict.ok) return ctx.send({ type: 'error', id: req.id, code: 'not-allowed', message: verdict.message });
    if (ctx.running) return ctx.send({ type: 'error', id: req.id, code: 'busy', message: `probe ${ctx.running.id} is still running` });
    const id = req.id;
    runJob(
      ctx,
      id,
      async (signal) => {
        const report = await probe(
          { host: req.host, ports: req.ports, only: req.only, timeoutMs: req.timeoutMs, credential: req.credential },
          (r) => ctx.send(resultReply(id, r)),
          signal,
        );
        return { type: 'summary', id, host: report.host, ms: report.ms, ok: report.results.every((r) => r.ok) };
      },
      { failed: 'probe failed unexpectedly', aborted: 'probe aborted' },
    );
  };
}

/** Bounds the engine's result to the schema's limits so one chatty server cannot break the reply. */
export function resultReply(id: string, r: ServiceResult): HostReply {
  const trimmed = {
    ...r,
    greeting: r.greeting?.slice(0, 1024),
    capabilities: r.capabilities?.slice(0, 200).map((c) => c.slice(0, 256)),
    stages: r.stages.map((s) => ({ ...s, detail: s.detail?.slice(0, 2000) })),
  };
  const parsed = ServiceResultSchema.safeParse(trimmed);
  if (parsed.success) return { type: 'result', id, result: parsed.data };
  return { type: 'error', id, code: 'internal', message: `result for ${r.service} did not match the schema` };
}
