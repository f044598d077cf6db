/**
 * History of probe runs, Gmail settings audits, Mail2000 forward checks and forwarding tests, for the
 * report page and for IT staff: records.ts says what a record is and when one is usable, trim.ts
 * how the store stays within its bound, export-file.ts the export file and an import's plan,
 * database.ts the IndexedDB side. Imported records are marked `imported`: they are shown, exported
 * and kept, but never judged as this computer's measurements.
 *
 * A database that cannot be opened or is missing what this version needs (a newer build's database
 * after a downgrade, a half-created store, storage corruption) is deleted and created again;
 * `rebuilt` tells the page so it can say it, instead of crashing.
 */
import { deleteDB } from 'idb';
import { DB_NAME, looksComplete, openHistoryDb, Stored, type DB } from './database';
import { readRecord, type HistoryRecord, type StoredRecord } from './records';
import { MAX_RUNS, trimOrder } from './trim';
import { parseExport, planImport, toExport, type ImportOutcome } from './export-file';

/** Thrown by History.add for a record that readRecord refuses: it is not stored. */
export class UnusableRecord extends Error {
  override name = 'UnusableRecord';
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
      const db = await openHistoryDb(name);
      if (looksComplete(db)) return new History(db, name, false, max);
      db.close();
    } catch {
      // VersionError (a newer build's database), UnknownError (storage corruption) ...: rebuild below.
    }
    await deleteDB(name);
    return new History(await openHistoryDb(name), name, true, max);
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
    const { incoming, duplicates, dropStored, dropIncoming, dropped } = planImport(stored.items, parsed.data.records, this.maxRuns);
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
    return { ok: true, added, duplicates, skipped: parsed.skipped, dropped };
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
