/**
 * The history's IndexedDB database (idb): one store of records with indexes by time and kind, a
 * version with an upgrade path (one step per version), and every stored value read once and judged
 * once. Whether a database is usable at all is History.open's question (store.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import { readRecord, type HistoryRecord } from './records';

export const DB_NAME = 'm2k-history';
/** Bump with a new step in `upgrade` below. */
export const DB_VERSION = 1;

interface HistoryDB extends DBSchema {
  runs: {
    key: number;
    value: HistoryRecord & { id?: number };
    indexes: { at: number; kind: string };
  };
}

export type DB = IDBPDatabase<HistoryDB>;

/** One step per version; a fresh install runs them all, an old database only the missing ones. */
const upgrade = (db: DB, oldVersion: number): void => {
  if (oldVersion < 1) {
    const runs = db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true });
    runs.createIndex('at', 'at');
    runs.createIndex('kind', 'kind');
  }
  // if (oldVersion < 2) { ...next step, using the upgrade transaction to rewrite records... }
};

export const looksComplete = (db: DB): boolean => {
  if (!db.objectStoreNames.contains('runs')) return false;
  const tx = db.transaction('runs', 'readonly');
  const names = tx.store.indexNames;
  return names.contains('at') && names.contains('kind');
};

export const openHistoryDb = (name: string): Promise<DB> =>
  openDB<HistoryDB>(name, DB_VERSION, {
    upgrade: (db, oldVersion) => upgrade(db, oldVersion),
    // Another page wants to upgrade or delete the database: let it, we reopen on next use.
    blocking: (_cur, _next, event) => (event.target as IDBDatabase).close(),
  });

type RunsStore = IDBPObjectStore<HistoryDB, ['runs'], 'runs', 'readonly' | 'readwrite'>;

/** Every stored value with its key, read once and judged once (readRecord); never throws on a bad value. */
export class Stored {
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
