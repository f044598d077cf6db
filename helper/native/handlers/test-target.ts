/**
 * Where a forwarding test or its policy read goes: the named host, else the address's known
 * Mail2000 site; either way on the allow-list with its ports, checked before anything is sent, so
 * the two requests can reach no server a probe could not.
 */
import type { SendTestRequest } from '@/contract/protocol';
import { chooseHost } from '../../send-test/host-choice';
import { checkProbeRequest } from '../allow';
import type { JobContext } from '../jobs';

/** The host to use, or undefined once the refusal has been sent. */
export function testTarget(
  ctx: JobContext,
  req: {
    id: string;
    address: string;
    host?: string;
    ports?: SendTestRequest['ports'];
  },
): { host: string; hostSource: 'given' | 'known-site' } | undefined {
  const choice = chooseHost(req.address, req.host);
  if (!('source' in choice)) {
    ctx.send({
      type: 'error',
      id: req.id,
      code: 'not-allowed',
      message: `no known Mail2000 site for ${choice.domain}; name the mail server in the request's host`,
    });
    return undefined;
  }
  const verdict = checkProbeRequest({ host: choice.host, ports: req.ports }, ctx.allow);
  if (!verdict.ok) {
    ctx.send({ type: 'error', id: req.id, code: 'not-allowed', message: verdict.message });
    return undefined;
  }
  return { host: choice.host, hostSource: choice.source };
}
