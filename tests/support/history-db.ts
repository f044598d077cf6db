/**
 * The extension's history database (IndexedDB `m2k-history`, store `runs`), read and written
 * straight from one of the extension's pages in a real browser: to put a record there as the
 * background stores a run, or as a damaged or doctored store would hold it, and to read back what
 * is stored.
 */
import type { Page } from 'playwright-core';

/** Adds the values to the `runs` store as they are, in one transaction. */
export const putHistoryRecords = (page: Page, values: unknown[]): Promise<void> =>
  page.evaluate(
    (vals) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('m2k-history');
        req.onsuccess = () => {
          const tx = req.result.transaction('runs', 'readwrite');
          for (const v of vals) tx.objectStore('runs').add(v);
          tx.oncomplete = () => (req.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    values,
  );

/** Every value in the `runs` store, as stored. */
export const readHistoryRecords = (page: Page): Promise<unknown[]> =>
  page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = indexedDB.open('m2k-history');
        req.onsuccess = () => {
          const all = req.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => (req.result.close(), resolve(all.result));
          all.onerror = () => reject(all.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
