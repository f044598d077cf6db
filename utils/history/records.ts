/**
 * What a history record is: a probe run, a Gmail settings audit, a Mail2000 forward check or a
 * forwarding test, each with times, hosts, results and findings, never a password (the schemas
 * have no field for one, and zod drops unknown keys); and when a stored or imported value counts as
 * one: it passes the schema and its `at` is a real date no later than a day from now, so a
 * far-future date from a bad clock or a doctored file can never become "the latest run".
 */
import * as z from 'zod/mini';
import { AuditSchema } from '../audit/schema';
import { ForwardAuditSchema } from '../forward/schema';
import { ForwardTestResultSchema } from '../forward-test/schema';
import { ServiceResultSchema } from '@/contract/protocol';

/**
 * What every record has: its kind, when it was made, and `imported`, set on every record that came
 * in through an import: another computer's (or a doctored file's) measurement, shown as imported
 * and never taken as this computer's last probe. A file cannot clear it: importing sets it on every
 * record.
 */
const record = <K extends string, S extends z.core.$ZodLooseShape>(kind: K, shape: S) =>
  z.object({ kind: z.literal(kind), imported: z.optional(z.boolean()), at: z.int().check(z.nonnegative()), ...shape });

export const ProbeRunSchema = record('probe', {
  host: z.string().check(z.minLength(1), z.maxLength(253)),
  ms: z.number().check(z.nonnegative()),
  ok: z.boolean(),
  /** Whether a login test was part of the run; its outcome is in each result's `auth`. */
  credentialTested: z._default(z.boolean(), false),
  results: z.array(ServiceResultSchema).check(z.maxLength(20)),
});
export type ProbeRun = z.infer<typeof ProbeRunSchema>;

export const AuditRunSchema = record('audit', { audit: AuditSchema });
export type AuditRun = z.infer<typeof AuditRunSchema>;

/** A check of Mail2000's auto-forward settings, read on the webmail by the forwarding assistant. */
export const ForwardRunSchema = record('forward', { audit: ForwardAuditSchema });
export type ForwardRun = z.infer<typeof ForwardRunSchema>;

/** A forwarding test: its token, times, outcome, site and addresses; no password, no message content. */
export const ForwardTestRunSchema = record('forward-test', { test: ForwardTestResultSchema });
export type ForwardTestRun = z.infer<typeof ForwardTestRunSchema>;

export const HistoryRecordSchema = z.discriminatedUnion('kind', [ProbeRunSchema, AuditRunSchema, ForwardRunSchema, ForwardTestRunSchema]);
export type HistoryRecord = z.infer<typeof HistoryRecordSchema>;
export type StoredRecord = HistoryRecord & { id: number };

/** How far ahead of this computer's clock a record may be dated (another computer's clock may run ahead a little). */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000;

/** A real date, not before 1970 and no later than a day from `now`. */
export const isPlausibleAt = (at: unknown, now: number): at is number =>
  typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 && at <= now + MAX_CLOCK_AHEAD_MS;

/** A stored or imported value as a usable record, or null (fails the schema, or dated implausibly). */
export const readRecord = (raw: unknown, now: number): HistoryRecord | null => {
  const parsed = HistoryRecordSchema.safeParse(raw);
  return parsed.success && isPlausibleAt(parsed.data.at, now) ? parsed.data : null;
};
