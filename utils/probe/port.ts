/**
 * The popup (or any extension page) and the background talk over one runtime.connect port per
 * probe run: the page asks once, the background streams each service's result as the native host
 * reports it, then a summary or a failure state. Both sides validate every message with these
 * schemas; the background never trusts what a page sends, the page never trusts what it receives.
 */
import { z } from 'zod';
import { PortSchema, ServiceSchema } from '@/contract/mail2000-schemas';
import { CredentialSchema, HostnameSchema, ServiceResultSchema } from '@/contract/protocol';

// Plain values shared with the popup, which must not load classic zod (see probe-port-mini.ts).
export { PROBE_PORT_NAME, RUN_DEADLINE_MS, isFinal } from './port-mini';

/* ---------- page -> background ---------- */

export const StartProbeSchema = z.object({
  type: z.literal('start'),
  host: HostnameSchema,
  ports: z.partialRecord(ServiceSchema, PortSchema).optional(),
  only: z.array(ServiceSchema).min(1).optional(),
  /** Sent once to the host for a login test over TLS; the background forgets it after sending. */
  credential: CredentialSchema.optional(),
});
export type StartProbe = z.infer<typeof StartProbeSchema>;

export const PageToBackgroundSchema = z.discriminatedUnion('type', [StartProbeSchema]);
export type PageToBackground = z.infer<typeof PageToBackgroundSchema>;

/* ---------- background -> page ---------- */

/**
 * Why the helper cannot be used at all: `not-installed` (no host manifest, or a broken one),
 * `forbidden` (the manifest does not name this extension), `host-not-allowed` (the helper refuses
 * this mail host: it must be installed with --allow HOST).
 */
export const HelperMissingReasonSchema = z.enum(['not-installed', 'forbidden', 'host-not-allowed']);
export type HelperMissingReason = z.infer<typeof HelperMissingReasonSchema>;

/** Failures of a run once the helper exists: it died, it went silent, it was busy, or it answered nonsense. */
export const RunErrorReasonSchema = z.enum(['crash', 'timeout', 'busy', 'bad-reply', 'internal', 'bad-request']);
export type RunErrorReason = z.infer<typeof RunErrorReasonSchema>;

export const BackgroundToPageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), id: z.string(), helperVersion: z.string() }),
  z.object({ type: z.literal('result'), id: z.string(), result: ServiceResultSchema }),
  z.object({
    type: z.literal('summary'),
    id: z.string(),
    host: z.string(),
    ms: z.number().nonnegative(),
    ok: z.boolean(),
    /** Key of the stored history record, when it could be stored. */
    historyId: z.number().int().optional(),
  }),
  z.object({ type: z.literal('helper-missing'), reason: HelperMissingReasonSchema, detail: z.string().max(2000) }),
  z.object({ type: z.literal('error'), reason: RunErrorReasonSchema, detail: z.string().max(2000) }),
]);
export type BackgroundToPage = z.infer<typeof BackgroundToPageSchema>;
