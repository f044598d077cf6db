/** What the background's router answers instead of a reply when it refuses a message, so no refusal is silent. */
import * as z from 'zod/mini';

export const RefusalReasonSchema = z.enum(['unknown-type', 'bad-request', 'sender', 'handler-failed']);
export type RefusalReason = z.infer<typeof RefusalReasonSchema>;

export const RefusalSchema = z.object({
  refused: z.object({ reason: RefusalReasonSchema, detail: z.string().check(z.maxLength(500)) }),
});
export type Refusal = z.infer<typeof RefusalSchema>;
