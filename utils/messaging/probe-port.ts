/**
 * The probe port: an extension page connects one runtime port per run, sends one `start`, and the
 * background streams `started`, one `result` per service, then exactly one final message
 * (`summary`, `helper-missing` or `error`). Both sides validate every message with these schemas;
 * `started`, `helper-missing` and `error` are the variants every run port shares (run-port.ts).
 */
import * as z from 'zod/mini';
import { CredentialSchema, HostnameSchema, OnlySchema, PortsSchema, ServiceResultSchema } from '@/contract/protocol';
import { HelperMissingSchema, isRunFailure, RunErrorSchema, RunStartedSchema } from './run-port';

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

export const BackgroundToPageSchema = z.discriminatedUnion('type', [
  RunStartedSchema,
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
  HelperMissingSchema,
  RunErrorSchema,
]);
export type BackgroundToPage = z.infer<typeof BackgroundToPageSchema>;

/** Messages after which the run is over and the port is closed by the background. */
export const isFinal = (m: { type: string }): boolean => m.type === 'summary' || isRunFailure(m);
