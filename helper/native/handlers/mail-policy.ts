/**
 * The `mail-policy` request: the SPF/DMARC summary behind the forwarding test page's risk
 * sentences, read from DNS only, for the address's domain and the server a test would go through
 * (test-target.ts).
 */
import type { MailPolicyRequest } from '@/contract/protocol';
import { addressDomain } from '@/contract/known-sites';
import { runJob, type JobContext, type MailPolicyFn } from '../jobs';
import { testTarget } from './test-target';

export function mailPolicyHandler(ctx: JobContext, mailPolicy: MailPolicyFn | undefined): (req: MailPolicyRequest) => void {
  return (req) => {
    const target = testTarget(ctx, req);
    if (!target) return;
    if (ctx.running) return ctx.send({ type: 'error', id: req.id, code: 'busy', message: `${ctx.running.id} is still running` });
    if (!mailPolicy) return ctx.send({ type: 'error', id: req.id, code: 'internal', message: 'this helper cannot read mail policies' });
    const id = req.id;
    runJob(ctx, id, async () => ({ type: 'mail-policy', id, policy: await mailPolicy(addressDomain(req.address), target.host) }), {
      failed: 'reading the mail policy failed',
    });
  };
}
