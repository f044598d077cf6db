/**
 * The history's export file, and an import's plan: the file is checked without touching the
 * database (JSON, our format, each record on its own), the same run imported twice stays one
 * record, and trimming to the bound keeps the newest by time, so an old file cannot push out newer
 * runs. The database side is History.importText (store.ts).
 */
import * as z from 'zod/mini';
import { HistoryRecordSchema, isPlausibleAt, type HistoryRecord } from './records';
import { MAX_RUNS, trimOrder } from './trim';

export const EXPORT_FORMAT = 'm2k-history';
export const EXPORT_VERSION = 1;

export const HistoryExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.int().check(z.nonnegative()),
  records: z.array(HistoryRecordSchema).check(z.maxLength(MAX_RUNS)),
});
export type HistoryExport = z.infer<typeof HistoryExportSchema>;

/** The export's envelope; its records are judged one by one (readRecord), so one bad record does not sink the file. */
const ExportEnvelopeSchema = z.extend(HistoryExportSchema, { records: z.array(z.unknown()).check(z.maxLength(MAX_RUNS)) });

export type ImportError = 'not-json' | 'not-history' | 'invalid';
export type ImportOutcome =
  /** `skipped`: records of the file that were damaged or dated implausibly; `dropped`: records removed to stay within the bound. */
  | { ok: true; added: number; duplicates: number; skipped: number; dropped: number }
  | { ok: false; error: ImportError; detail: string }
  /**
   * Nothing was written: keeping the newest MAX_RUNS would remove `localDropped` of the records
   * already here (the newest of them from `newestDroppedAt`). Import again with `confirmDrop` to go ahead.
   */
  | { ok: false; error: 'would-drop-local'; localDropped: number; newestDroppedAt: number; detail: string };

/** Same run imported twice stays one record. */
const identity = (r: HistoryRecord): string =>
  `${r.kind}|${r.at}|${r.kind === 'probe' ? r.host : r.kind === 'audit' ? r.audit.pageState : r.kind === 'forward' ? r.audit.site : r.test.token}`;

const issueText = (error: z.core.$ZodError, prefix: Array<string | number> = []): string => {
  const issue = error.issues[0];
  return `${[...prefix, ...(issue?.path ?? [])].map(String).join('.')}: ${issue?.message ?? ''}`.slice(0, 300);
};

/**
 * Checks a file's text without touching the database: JSON, our format, and each record on its
 * own. Records that fail the schema or are dated implausibly are left out and counted in
 * `skipped`; a file with records none of which is usable is refused as `invalid`. Exported so
 * the report page can say what is wrong before anything is written.
 */
export const parseExport = (
  text: string,
  now = Date.now(),
): { ok: true; data: HistoryExport; skipped: number } | { ok: false; error: ImportError; detail: string } => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: 'not-json', detail: String((e as Error).message).slice(0, 200) };
  }
  const head = z.object({ format: z.literal(EXPORT_FORMAT) }).safeParse(json);
  if (!head.success) return { ok: false, error: 'not-history', detail: 'format' };
  const envelope = ExportEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, error: 'invalid', detail: issueText(envelope.error) };
  const records: HistoryRecord[] = [];
  let firstProblem = '';
  envelope.data.records.forEach((raw, i) => {
    const parsed = HistoryRecordSchema.safeParse(raw);
    if (!parsed.success) firstProblem ||= issueText(parsed.error, ['records', i]);
    else if (!isPlausibleAt(parsed.data.at, now)) firstProblem ||= `records.${i}.at: not a date up to a day from now`;
    else records.push(parsed.data);
  });
  const skipped = envelope.data.records.length - records.length;
  if (records.length === 0 && skipped > 0) return { ok: false, error: 'invalid', detail: firstProblem };
  return { ok: true, data: { ...envelope.data, records }, skipped };
};

export const toExport = (records: readonly HistoryRecord[], now = Date.now()): HistoryExport => ({
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  exportedAt: now,
  records: records.map((r) => HistoryRecordSchema.parse(r)).slice(-MAX_RUNS),
});

/** What an import does to the store: which stored records to delete and which of the file's to add. */
export interface ImportPlan {
  incoming: HistoryRecord[];
  duplicates: number;
  dropStored: number[];
  dropIncoming: Set<number>;
  dropped: number;
}

/**
 * Plans an import over what is stored (`key`, usable `record` or null): the file's records not
 * already here, oldest first, and what trimming to `maxRuns` removes (unusable and oldest first;
 * among equal times stored records before the file's).
 */
export function planImport(
  stored: ReadonlyArray<{ key: number; record: HistoryRecord | null }>,
  records: readonly HistoryRecord[],
  maxRuns: number,
): ImportPlan {
  const known = new Set(stored.flatMap((s) => (s.record ? [identity(s.record)] : [])));
  const incoming: HistoryRecord[] = [];
  let duplicates = 0;
  for (const r of [...records].sort((a, b) => a.at - b.at)) {
    const key = identity(r);
    if (known.has(key)) duplicates++;
    else (known.add(key), incoming.push(r));
  }
  type Key = { stored: number } | { incoming: number };
  const items: Array<{ key: Key; at: number | null; seq: number }> = [
    ...stored.map((s) => ({ key: { stored: s.key } as Key, at: s.record?.at ?? null, seq: s.key })),
    ...incoming.map((r, i) => ({ key: { incoming: i } as Key, at: r.at, seq: Number.MAX_SAFE_INTEGER - incoming.length + i })),
  ];
  const drop = trimOrder(items, maxRuns);
  return {
    incoming,
    duplicates,
    dropStored: drop.flatMap((k) => ('stored' in k ? [k.stored] : [])),
    dropIncoming: new Set(drop.flatMap((k) => ('incoming' in k ? [k.incoming] : []))),
    dropped: drop.length,
  };
}
