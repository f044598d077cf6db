/**
 * What one frame from the browser asks for: the body parsed and checked against the protocol,
 * `hello` answered at once, every other request handed to its handler (handlers/). Bad JSON or a
 * wrong shape is answered with an `error` frame and the session goes on, since frame boundaries
 * are intact; the answer names where the shape is wrong, never a value (a password must not come
 * back).
 */
import { HostRequestSchema } from '@/contract/protocol';
import { PROTOCOL_VERSION } from '@/contract/limits';
import { formatAllowEntry } from './allow';
import type { Engines, JobContext } from './jobs';
import { probeHandler } from './handlers/probe';
import { discoverHandler } from './handlers/discover';
import { sendTestHandler } from './handlers/send-test';
import { mailPolicyHandler } from './handlers/mail-policy';

/** The handlers of one session (the rate limits live as long as it does), behind one entry for frame bodies. */
export function createDispatch(ctx: JobContext, engines: Engines, helperVersion: string): (body: Buffer) => void {
  const startProbe = probeHandler(ctx, engines.probe);
  const startDiscovery = discoverHandler(ctx, engines.discover);
  const startSendTest = sendTestHandler(ctx, engines.sendTest);
  const startMailPolicy = mailPolicyHandler(ctx, engines.mailPolicy);
  return (body) => {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return ctx.send({ type: 'error', code: 'bad-json', message: 'frame is not valid JSON' });
    }
    const parsed = HostRequestSchema.safeParse(json);
    if (!parsed.success) {
      const id = typeof (json as { id?: unknown } | null)?.id === 'string' ? (json as { id: string }).id.slice(0, 64) : undefined;
      const issue = parsed.error.issues[0];
      // Paths and messages only: zod's messages do not repeat input values (a password must not come back).
      return ctx.send({
        type: 'error',
        id,
        code: 'bad-request',
        message: `invalid request${issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : ''}`,
      });
    }
    const req = parsed.data;
    if (req.type === 'hello') {
      return ctx.send({ type: 'hello', version: PROTOCOL_VERSION, helperVersion, allow: ctx.allow.map(formatAllowEntry) });
    }
    if (req.type === 'discover') return startDiscovery(req);
    if (req.type === 'send-test') return startSendTest(req);
    if (req.type === 'mail-policy') return startMailPolicy(req);
    startProbe(req);
  };
}
