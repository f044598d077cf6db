/**
 * History of probe runs, Gmail settings audits, Mail2000 forward checks and forwarding tests in IndexedDB (idb), for the report page and for IT
 * staff. Kept to the MAX_RUNS newest records by time (`at`), whatever order they were stored in. A
 * record holds times, hosts, per-service results and findings, never a password: the schemas below
 * have no field for one, and zod drops unknown keys.
 *
 * A record is usable only when it passes the schema and its `at` is a real date no later than a day
 * from now (readRecord): anything else (a far-future date from a bad clock or a doctored file, a
 * damaged record) is skipped and counted wherever records are read, so it can never become "the
 * latest run", and it is the first to go when the store is trimmed. Imported records are marked
 * `imported`: they are shown, exported and kept, but never judged as this computer's measurements.
 *
 * The database has a version and an upgrade path (one step per version). A database that cannot
 * be opened or is missing what this version needs (a newer build's database after a downgrade, a
 * half-created store, storage corruption) is deleted and created again; `rebuilt` tells the page
 * so it can say it, instead of crashing.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import * as z from 'zod/mini';
import { AuditSchema } from '../audit/schema';
import { ForwardAuditSchema } from '../forward/schema';
import { ForwardTestResultSchema } from '../forward-test/schema';
import { ServiceResultSchema } from '@/contract/protocol';

export const DB_NAME = 'm2k-history';
/** Bump with a new step in `upgrade` below. */
export const DB_VERSION = 1;
export const MAX_RUNS = 500;
export const EXPORT_FORMAT = 'm2k-history';
export const EXPORT_VERSION = 1;

/**
 * Set on every record that came in through an import: another computer's (or a doctored file's)
 * measurement, shown as imported and never taken as this computer's last probe. A file cannot
 * clear it: importing sets it on every record.
 */
const imported = () => z.optional(z.boolean());

export const ProbeRunSchema = z.object({
  kind: z.literal('probe'),
  imported: imported(),
  at: z.int().check(z.nonnegative()),
  host: z.string().check(z.minLength(1), z.maxLength(253)),
  ms: z.number().check(z.nonnegative()),
  ok: z.boolean(),
  /** Whether a login test was part of the run; its outcome is in each result's `auth`. */
  credentialTested: z._default(z.boolean(), false),
  results: z.array(ServiceResultSchema).check(z.maxLength(20)),
});
export type ProbeRun = z.infer<typeof ProbeRunSchema>;

export const AuditRunSchema = z.object({
  kind: z.literal('audit'),
  imported: imported(),
  at: z.int().check(z.nonnegative()),
  audit: AuditSchema,
});
export type AuditRun = z.infer<typeof AuditRunSchema>;

/** A check of Mail2000's auto-forward settings, read on the webmail by the forwarding assistant. */
export const ForwardRunSchema = z.object({
  kind: z.literal('forward'),
  imported: imported(),
  at: z.int().check(z.nonnegative()),
  audit: ForwardAuditSchema,
});
export type ForwardRun = z.infer<typeof ForwardRunSchema>;

/** A forwarding test: its token, times, outcome, site and addresses; no password, no message content. */
export const ForwardTestRunSchema = z.object({
  kind: z.literal('forward-test'),
  imported: imported(),
  at: z.int().check(z.nonnegative()),
  test: ForwardTestResultSchema,
});
export type ForwardTestRun = z.infer<typeof ForwardTestRunSchema>;

export const HistoryRecordSchema = z.discriminatedUnion('kind', [ProbeRunSchema, AuditRunSchema, ForwardRunSchema, ForwardTestRunSchema]);
export type HistoryRecord = z.infer<typeof HistoryRecordSchema>;
export type StoredRecord = HistoryRecord & { id: number };

export const HistoryExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.int().check(z.nonnegative()),
  records: z.array(HistoryRecordSchema).check(z.maxLength(MAX_RUNS)),
});
export type HistoryExport = z.infer<typeof HistoryExportSchema>;

/** The export's envelope; its records are judged one by one (readRecord), so one bad record does not sink the file. */
const ExportEnvelopeSchema = z.extend(HistoryExportSchema, { records: z.array(z.unknown()).check(z.maxLength(MAX_RUNS)) });

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

/** Thrown by History.add for a record that readRecord refuses: it is not stored. */
export class UnusableRecord extends Error {
  override name = 'UnusableRecord';
}

/**
 * Which records to delete so that at most `max` remain: unusable ones (`at` null) first, then the
 * oldest by time; among equal times the one stored first. Pure, so the rule is tested without a database.
 */
export const trimOrder = <K>(items: ReadonlyArray<{ key: K; at: number | null; seq: number }>, max: number): K[] => {
  const extra = items.length - max;
  if (extra <= 0) return [];
  const order = [...items].sort((a, b) => {
    if (a.at === null || b.at === null) return a.at === null ? (b.at === null ? a.seq - b.seq : -1) : 1;
    return a.at - b.at || a.seq - b.seq;
  });
  return order.slice(0, extra).map((i) => i.key);
};

interface HistoryDB extends DBSchema {
  runs: {
    key: number;
    value: HistoryRecord & { id?: number };
    indexes: { at: number; kind: string };
  };
}

type DB = IDBPDatabase<HistoryDB>;

/** One step per version; a fresh install runs them all, an old database only the missing ones. */
const upgrade = (db: DB, oldVersion: number): void => {
  if (oldVersion < 1) {
    const runs = db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true });
    runs.createIndex('at', 'at');
    runs.createIndex('kind', 'kind');
  }
  // if (oldVersion < 2) { ...next step, using the upgrade transaction to rewrite records... }
};

const looksComplete = (db: DB): boolean => {
  if (!db.objectStoreNames.contains('runs')) return false;
  const tx = db.transaction('runs', 'readonly');
  const names = tx.store.indexNames;
  return names.contains('at') && names.contains('kind');
};

const open = (name: string): Promise<DB> =>
  openDB<HistoryDB>(name, DB_VERSION, {
    upgrade: (db, oldVersion) => upgrade(db, oldVersion),
    // Another page wants to upgrade or delete the database: let it, we reopen on next use.
    blocking: (_cur, _next, event) => (event.target as IDBDatabase).close(),
  });

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

type RunsStore = IDBPObjectStore<HistoryDB, ['runs'], 'runs', 'readonly' | 'readwrite'>;

/** Every stored value with its key, read once and judged once (readRecord); never throws on a bad value. */
class Stored {
  private constructor(readonly items: Array<{ key: number; record: HistoryRecord | null; at: number | null; seq: number }>) {}

  static async read(store: RunsStore, now: number): Promise<Stored> {
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    return new Stored(
      keys.map((key, i) => {
        const record = readRecord(values[i], now);
        return { key, record, at: record?.at ?? null, seq: key };
      }),
    );
  }

  /** Usable records, oldest first by time (then by order of storing). */
  usable(): Array<{ key: number; record: HistoryRecord }> {
    return this.items
      .flatMap((i) => (i.record ? [{ key: i.key, record: i.record }] : []))
      .sort((a, b) => a.record.at - b.record.at || a.key - b.key);
  }
}

export class History {
  private constructor(
    private db: DB,
    private readonly name: string,
    /** True when the database was broken and had to be created again (its old content is lost). */
    readonly rebuilt: boolean,
    private readonly maxRuns: number,
  ) {}

  static async open(opts: { name?: string; maxRuns?: number } = {}): Promise<History> {
    const name = opts.name ?? DB_NAME;
    const max = opts.maxRuns ?? MAX_RUNS;
    try {
      const db = await open(name);
      if (looksComplete(db)) return new History(db, name, false, max);
      db.close();
    } catch {
      // VersionError (a newer build's database), UnknownError (storage corruption) ...: rebuild below.
    }
    await deleteDB(name);
    return new History(await open(name), name, true, max);
  }

  /**
   * Adds a record (validated; unknown keys such as a stray password are dropped) and trims to the
   * bound. A record readRecord refuses (say, dated next year) is not stored: UnusableRecord.
   */
  async add(record: HistoryRecord, now = Date.now()): Promise<number> {
    const clean = readRecord(record, now);
    if (!clean) throw new UnusableRecord(`not a usable history record (at ${String(record.at)})`);
    const tx = this.db.transaction('runs', 'readwrite');
    const id = await tx.store.add(clean);
    if ((await tx.store.count()) > this.maxRuns) {
      const stored = await Stored.read(tx.store, now);
      for (const key of trimOrder(stored.items, this.maxRuns)) await tx.store.delete(key);
    }
    await tx.done;
    return id;
  }

  /**
   * All usable records, oldest first by time; records that fail the schema or are dated
   * implausibly are skipped and counted, never thrown on.
   */
  async list(now = Date.now()): Promise<{ records: StoredRecord[]; skipped: number }> {
    const stored = await Stored.read(this.db.transaction('runs', 'readonly').store, now);
    const records = stored.usable().map(({ key, record }) => ({ ...record, id: key }));
    return { records, skipped: stored.items.length - records.length };
  }

  async count(): Promise<number> {
    return this.db.count('runs');
  }

  /**
   * Adds the records of an export in one transaction: all or nothing. The file is validated first
   * (parseExport); a foreign or broken file never reaches the database, and its unusable records
   * are skipped. Trimming to the bound keeps the newest by time, so an old file cannot push out
   * newer runs; when keeping the newest would still remove records already here (a file of newer
   * runs), nothing is written unless `confirmDrop` says the person agreed.
   */
  async importText(text: string, opts: { confirmDrop?: boolean; now?: number } = {}): Promise<ImportOutcome> {
    const now = opts.now ?? Date.now();
    const parsed = parseExport(text, now);
    if (!parsed.ok) return parsed;
    const tx = this.db.transaction('runs', 'readwrite');
    const stored = await Stored.read(tx.store, now);
    const known = new Set(stored.usable().map(({ record }) => identity(record)));
    const incoming: HistoryRecord[] = [];
    let duplicates = 0;
    for (const r of [...parsed.data.records].sort((a, b) => a.at - b.at)) {
      const key = identity(r);
      if (known.has(key)) duplicates++;
      else (known.add(key), incoming.push(r));
    }
    type Key = { stored: number } | { incoming: number };
    const items: Array<{ key: Key; at: number | null; seq: number }> = [
      ...stored.items.map((s) => ({ key: { stored: s.key } as Key, at: s.record?.at ?? null, seq: s.key })),
      ...incoming.map((r, i) => ({ key: { incoming: i } as Key, at: r.at, seq: Number.MAX_SAFE_INTEGER - incoming.length + i })),
    ];
    const drop = trimOrder(items, this.maxRuns);
    const dropStored = drop.flatMap((k) => ('stored' in k ? [k.stored] : []));
    const dropIncoming = new Set(drop.flatMap((k) => ('incoming' in k ? [k.incoming] : [])));
    const usableById = new Map(stored.usable().map(({ key, record }) => [key, record]));
    const localRuns = dropStored.flatMap((k) => usableById.get(k) ?? []);
    if (localRuns.length > 0 && !opts.confirmDrop) {
      await tx.done;
      return {
        ok: false,
        error: 'would-drop-local',
        localDropped: localRuns.length,
        newestDroppedAt: Math.max(...localRuns.map((r) => r.at)),
        detail: `${localRuns.length} records here are older than the ${this.maxRuns} newest`,
      };
    }
    for (const key of dropStored) await tx.store.delete(key);
    let added = 0;
    for (const [i, r] of incoming.entries()) {
      if (dropIncoming.has(i)) continue;
      await tx.store.add({ ...r, imported: true });
      added++;
    }
    await tx.done;
    return { ok: true, added, duplicates, skipped: parsed.skipped, dropped: drop.length };
  }

  async exportJson(now = Date.now()): Promise<string> {
    const { records } = await this.list();
    return JSON.stringify(
      toExport(
        records.map(({ id: _id, ...r }) => r as HistoryRecord),
        now,
      ),
      null,
      2,
    );
  }

  async clear(): Promise<void> {
    await this.db.clear('runs');
  }

  close(): void {
    this.db.close();
  }

  get dbName(): string {
    return this.name;
  }
}
