/**
 * A stage of a connection (dns, tcp, tls, …) and a plain-language hint: the smallest report shapes,
 * in a module of their own so that the probe report (protocol.ts) and the forwarding test's report
 * (send-test.ts) build on them without importing each other.
 */
import * as z from 'zod/mini';

const nonnegative = () => z.number().check(z.nonnegative());

/** A plain-language hint in both languages; `code` is stable for tests and for mapping. */
export const HintSchema = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(64)),
  en: z.string(),
  zh_TW: z.string(),
});
export type Hint = z.infer<typeof HintSchema>;

export const StageNameSchema = z.enum(['dns', 'tcp', 'tls', 'greeting', 'capabilities', 'starttls', 'auth', 'quit']);
export type StageName = z.infer<typeof StageNameSchema>;

export const StageSchema = z.object({
  name: StageNameSchema,
  ok: z.boolean(),
  ms: nonnegative(),
  /** Node's own error code (ECONNREFUSED, CERT_HAS_EXPIRED ...) or ours (ETIMEDOUT, WRONG_PROTOCOL ...). */
  code: z.optional(z.string()),
  detail: z.optional(z.string()),
});
export type Stage = z.infer<typeof StageSchema>;
