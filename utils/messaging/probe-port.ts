/**
 * The probe port: an extension page connects one runtime port per run, sends one `start`, and the
 * background streams `started`, one `result` per service, then exactly one final message
 * (`summary`, `helper-missing` or `error`). Both sides validate every message with these schemas.
 */
import * as z from 'zod/mini';
import { CredentialSchema, HostnameSchema, OnlySchema, PortsSchema, ServiceResultSchema } from '@/contract/protocol';

/** Named apart from the companion program (m2k-probe): this is the page-to-background port of one run. */
export const PROBE_PORT_NAME = 'probe-run';

/** Longest a run may take before the background gives up and says so (the host has its own, shorter timeout). */
export const RUN_DEADLINE_MS = 45_000;

/* ---------- page -> background ---------- */

export const StartProbeSchema = z.object({
  type: z.literal('start'),
  host: HostnameSchema,
  ports: z.optional(PortsSchema),
  only: z.optional(OnlySchema),
  /** Sent once to the host for a login test over TLS; the background forgets it after sending. */
  credential: z.optional(CredentialSchema),
});
export type StartProbe = z.infer<typeof StartProbeSchema>;

export const PageToBackgroundSchema = z.discriminatedUnion('type', [StartProbeSchema]);

/* ---------- background -> page ---------- */

/**
 * Why the helper cannot be used at all: `not-installed` (no host manifest, or a broken one),
 * `forbidden` (the manifest does not name this extension), `host-not-allowed` (the helper refuses
 * this mail host: it must be installed with --allow HOST).
 */
export const HelperMissingReasonSchema = z.enum(['not-installed', 'forbidden', 'host-not-allowed']);
export type HelperMissingReason = z.infer<typeof HelperMissingReasonSchema>;

/**
 * Failures of a run once the helper exists: it died, it went silent, it was busy (or another run is
 * going on in this browser), it answered nonsense; or the background refused the run: too many
 * login tests in the last minute (`rate-limited`), a start it cannot read (`bad-request`).
 */
export const RunErrorReasonSchema = z.enum(['crash', 'timeout', 'busy', 'bad-reply', 'internal', 'bad-request', 'rate-limited']);
export type RunErrorReason = z.infer<typeof RunErrorReasonSchema>;

const detail = () => z.string().check(z.maxLength(2000));

export const BackgroundToPageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), id: z.string(), helperVersion: z.string() }),
  z.object({ type: z.literal('result'), id: z.string(), result: ServiceResultSchema }),
  z.object({
    type: z.literal('summary'),
    id: z.string(),
    host: z.string(),
    ms: z.number().check(z.nonnegative()),
    ok: z.boolean(),
    /** Key of the stored history record, when it could be stored. */
    historyId: z.optional(z.int()),
  }),
  z.object({ type: z.literal('helper-missing'), reason: HelperMissingReasonSchema, detail: detail() }),
  z.object({ type: z.literal('error'), reason: RunErrorReasonSchema, detail: detail() }),
]);
export type BackgroundToPage = z.infer<typeof BackgroundToPageSchema>;

/** Messages after which the run is over and the port is closed by the background. */
export const isFinal = (m: { type: string }): boolean => m.type === 'summary' || m.type === 'helper-missing' || m.type === 'error';
