/**
 * Everything the popup does with zod/mini: checking the background's replies and the probe port's
 * messages. main.tsx/App.tsx load this module with `import()` after the first frame is painted, so
 * zod (most of the popup's script) is neither fetched nor evaluated before the popup is visible;
 * the replies it checks arrive later than that anyway.
 */
import type { Audit } from '@/utils/audit/schema';
import { AuditReplyMini } from '@/utils/probe/port-mini';

export { requestProfile } from '@/utils/messaging/replies-mini';
export { startProbe } from '@/utils/probe/client';

/** The last audit from an `audit:last` reply; null when there is none or the reply is not one. */
export const auditOf = (reply: unknown): Audit | null => {
  const r = AuditReplyMini.safeParse(reply);
  return r.success ? r.data.audit : null;
};
