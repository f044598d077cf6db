/** The background's one connection to the history database: stores finished runs, finds the last probe. */
import type { ProbeReport } from '@/contract/protocol';
import { History, UnusableRecord } from '@/utils/history/store';
import type { HistoryRecord } from '@/utils/history/records';

let history: Promise<History> | undefined;

/** Stores a record; when the connection was closed (a page rebuilt or upgraded the database) it reopens once. */
export const saveToHistory = async (record: HistoryRecord): Promise<number | undefined> => {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      history ??= History.open();
      return await (await history).add(record);
    } catch (e) {
      // A record dated implausibly is refused by the store, not a reason to reopen the database.
      if (e instanceof UnusableRecord) {
        console.warn('m2k: history refused a record:', e.message);
        return undefined;
      }
      history = undefined;
      if (attempt === 1) console.warn('m2k: could not store the run in history:', (e as Error)?.name);
    }
  }
  return undefined;
};

/**
 * The newest probe of `host` made on this computer at or after `since`, or null. Imported records
 * are never it (another computer's network is not this one's), nor records dated in the future
 * (History.list skips them).
 */
export const lastProbe = async (host: string, since: number): Promise<ProbeReport | null> => {
  try {
    history ??= History.open();
    const { records } = await (await history).list();
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i]!;
      if (r.at < since) break;
      if (r.kind === 'probe' && !r.imported && r.host === host) return { host: r.host, ms: r.ms, results: r.results };
    }
  } catch {
    history = undefined;
  }
  return null;
};
