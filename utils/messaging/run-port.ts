/**
 * What the probe port (probe-port.ts) and the discovery port (discover-port.ts) share: a run opens
 * with `started` once the helper has said hello, and can end with `helper-missing` or `error`,
 * whatever it was running. Each port builds its own message union from these variants, and the
 * background's run over the host and its page ports (entrypoints/background/host-run.ts,
 * page-port.ts) send them typed by `RunFailure`.
 */
import * as z from 'zod/mini';

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

/** The helper said hello and has the run's request. */
export const RunStartedSchema = z.object({ type: z.literal('started'), id: z.string(), helperVersion: z.string() });
export type RunStarted = z.infer<typeof RunStartedSchema>;

export const HelperMissingSchema = z.object({ type: z.literal('helper-missing'), reason: HelperMissingReasonSchema, detail: detail() });
export const RunErrorSchema = z.object({ type: z.literal('error'), reason: RunErrorReasonSchema, detail: detail() });

/** How a run can fail, the same on both ports (the discovery port's `error` may add a wait). */
export type RunFailure = z.infer<typeof HelperMissingSchema> | z.infer<typeof RunErrorSchema>;

/** A final message that is a failure, on either port. */
export const isRunFailure = (m: { type: string }): boolean => m.type === 'helper-missing' || m.type === 'error';
