/**
 * History of probe runs and settings audits in IndexedDB (idb), for the report page and for IT
 * staff. Kept to the last MAX_RUNS records. A record holds times, hosts, per-service results and
 * findings, never a password: the schemas below have no field for one, and zod drops unknown keys.
 *
 * The database has a version and an upgrade path (one step per version). A database that cannot
 * be opened or is missing what this version needs (a newer build's database after a downgrade, a
 * half-created store, storage corruption) is deleted and created again; `rebuilt` tells the page
 * so it can say it, instead of crashing.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import * as z from 'zod/mini';
import { AuditSchema } from '../audit/schema';
import { ServiceResultSchema } from '@/contract/protocol';

export const DB_NAME = 'm2k-history';
/** Bump with a new step in `upgrade` below. */
export const DB_VERSION = 1;
export const MAX_RUNS = 500;
export const EXPORT_FORMAT = 'm2k-history';
export const EXPORT_VERSION = 1;

export const ProbeRunSchema = z.object({
  kind: z.literal('probe'),
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
  at: z.int().check(z.nonnegative()),
  audit: AuditSchema,
});
export type AuditRun = z.infer<typeof AuditRunSchema>;

export const HistoryRecordSchema = z.discriminatedUnion('kind', [ProbeRunSchema, AuditRunSchema]);
export type HistoryRecord = z.infer<typeof HistoryRecordSchema>;
export type StoredRecord = HistoryRecord & { id: number };

export const HistoryExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.int().check(z.nonnegative()),
  records: z.array(HistoryRecordSchema).check(z.maxLength(MAX_RUNS)),
});
export type HistoryExport = z.infer<typeof HistoryExportSchema>;

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
  | { ok: true; added: number; duplicates: number; dropped: number }
  | { ok: false; error: ImportError; detail: string };

/** Same run imported twice stays one record. */
const identity = (r: HistoryRecord): string => `${r.kind}|${r.at}|${r.kind === 'probe' ? r.host : r.audit.pageState}`;

/**
 * Checks a file's text without touching the database: JSON, our format, every record valid.
 * Exported so the report page can say what is wrong before anything is written.
 */
export const parseExport = (text: string): { ok: true; data: HistoryExport } | { ok: false; error: ImportError; detail: string } => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: 'not-json', detail: String((e as Error).message).slice(0, 200) };
  }
  const head = z.object({ format: z.literal(EXPORT_FORMAT) }).safeParse(json);
  if (!head.success) return { ok: false, error: 'not-history', detail: 'format' };
  const parsed = HistoryExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: 'invalid', detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`.slice(0, 300) };
  }
  return { ok: true, data: parsed.data };
};

export const toExport = (records: readonly HistoryRecord[], now = Date.now()): HistoryExport => ({
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  exportedAt: now,
  records: records.map((r) => HistoryRecordSchema.parse(r)).slice(-MAX_RUNS),
});

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

  /** Adds a record (validated; unknown keys such as a stray password are dropped) and trims to the bound. */
  async add(record: HistoryRecord): Promise<number> {
    const clean = HistoryRecordSchema.parse(record);
    const tx = this.db.transaction('runs', 'readwrite');
    const id = await tx.store.add(clean);
    await this.trim(tx.store);
    await tx.done;
    return id;
  }

  private async trim(store: IDBPObjectStore<HistoryDB, ['runs'], 'runs', 'readwrite'>): Promise<number> {
    let extra = (await store.count()) - this.maxRuns;
    let dropped = 0;
    if (extra <= 0) return 0;
    // Keys grow with time of insertion, so the cursor starts at the oldest record.
    let cursor = await store.openCursor();
    while (cursor && extra > 0) {
      await cursor.delete();
      extra--;
      dropped++;
      cursor = await cursor.continue();
    }
    return dropped;
  }

  /** All valid records, oldest first; records that no longer pass the schema are skipped and counted. */
  async list(): Promise<{ records: StoredRecord[]; skipped: number }> {
    const raw = await this.db.getAllFromIndex('runs', 'at');
    const records: StoredRecord[] = [];
    let skipped = 0;
    for (const r of raw) {
      const parsed = HistoryRecordSchema.safeParse(r);
      if (parsed.success && typeof r.id === 'number') records.push({ ...parsed.data, id: r.id });
      else skipped++;
    }
    return { records, skipped };
  }

  async count(): Promise<number> {
    return this.db.count('runs');
  }

  /**
   * Adds the records of an export in one transaction: all or nothing. The file is validated first
   * (parseExport); a foreign or broken file never reaches the database.
   */
  async importText(text: string): Promise<ImportOutcome> {
    const parsed = parseExport(text);
    if (!parsed.ok) return parsed;
    const tx = this.db.transaction('runs', 'readwrite');
    const existing = new Set((await tx.store.getAll()).map(identity));
    let added = 0;
    let duplicates = 0;
    for (const r of [...parsed.data.records].sort((a, b) => a.at - b.at)) {
      const key = identity(r);
      if (existing.has(key)) {
        duplicates++;
        continue;
      }
      existing.add(key);
      await tx.store.add(r);
      added++;
    }
    const dropped = await this.trim(tx.store);
    await tx.done;
    return { ok: true, added, duplicates, dropped };
  }

  async exportJson(now = Date.now()): Promise<string> {
    const { records } = await this.list();
    return JSON.stringify(toExport(records.map(({ id: _id, ...r }) => r as HistoryRecord), now), null, 2);
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
