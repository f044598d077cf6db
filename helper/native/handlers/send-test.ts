/**
 * The `send-test` request: one message from the person's address to itself through their own
 * server (test-target.ts), each stage streamed, then the report. At most a few per window
 * (send-limit.ts): each one puts a message in the person's mailbox and logs in with their password.
 */
import type { SendTestRequest } from '@/contract/protocol';
import { SEND_TEST_LIMITS } from '@/contract/limits';
import { createSendLimit } from '../send-limit';
import { runJob, type JobContext, type SendTestFn } from '../jobs';
import { testTarget } from './test-target';

export function sendTestHandler(ctx: JobContext, sendTest: SendTestFn | undefined): (req: SendTestRequest) => void {
  const sendLimit = createSendLimit(ctx.now);
  return (req) => {
    const target = testTarget(ctx, req);
    if (!target) return;
    if (ctx.running) return ctx.send({ type: 'error', id: req.id, code: 'busy', message: `${ctx.running.id} is still running` });
    if (!sendTest) return ctx.send({ type: 'error', id: req.id, code: 'internal', message: 'this helper cannot send a test message' });
    const slot = sendLimit.take();
    if (!slot.ok) {
      const message = `at most ${SEND_TEST_LIMITS.perWindow} send tests in ${SEND_TEST_LIMITS.windowMs / 60_000} minutes; try again in ${Math.ceil(slot.waitMs / 1000)} s`;
      return ctx.send({ type: 'error', id: req.id, code: 'rate-limited', message });
    }
    const id = req.id;
    runJob(
      ctx,
      id,
      async (signal) => {
        const report = await sendTest(
          {
            address: req.address,
            ...target,
            ports: req.ports,
            credential: req.credential,
            checkCopy: req.checkCopy,
            timeoutMs: req.timeoutMs,
          },
          (stage) => ctx.send({ type: 'send-stage', id, stage: { ...stage, detail: stage.detail?.slice(0, 2000) } }),
          signal,
        );
        return { type: 'send-report', id, report };
      },
      { failed: 'send test failed unexpectedly', aborted: 'send test aborted' },
    );
  };
}
