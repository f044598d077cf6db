/**
 * The report page's history and what a person does to it: opened and listed once (a database that
 * cannot be opened becomes the page's one message), an import (held back for the person's yes when
 * it would remove records already here) and clearing, each followed by a fresh list. Kept apart
 * from the sections that show it (App.tsx and its parts), which only read this and call it.
 */
import { useEffect, useState } from 'preact/hooks';
import { History } from '@/utils/history/store';
import type { StoredRecord } from '@/utils/history/records';
import type { ImportOutcome } from '@/utils/history/export-file';

type Loaded = { history: History; records: StoredRecord[]; skipped: number } | { error: string };
/** What the import line says: the store's outcome, or that the person cancelled at the confirmation. */
type ImportShown = ImportOutcome | { ok: 'cancelled' };
/** An import held back until the person agrees that it removes records already here. */
type PendingImport = { text: string; localDropped: number; newestDroppedAt: number };

/** Nothing until the history is read; then the reason it could not be, or the records and the changes. */
export function useHistory() {
  const [state, setState] = useState<Loaded | undefined>();
  const [imported, setImported] = useState<ImportShown | undefined>();
  /** Counts imports, so the same message twice is still seen as a new answer. */
  const [importSeq, setImportSeq] = useState(0);
  const [pending, setPending] = useState<PendingImport | undefined>();
  const [clearing, setClearing] = useState<'ask' | 'done' | undefined>();

  const reload = async (h?: History) => {
    try {
      const history = h ?? (await History.open());
      const { records, skipped } = await history.list();
      setState({ history, records, skipped });
    } catch (e) {
      setState({ error: String((e as Error)?.name ?? e) });
    }
  };
  useEffect(() => {
    void reload();
  }, []);

  if (!state || 'error' in state) return state;
  const { history } = state;

  const importFile = async (file: File) => {
    setPending(undefined);
    setClearing(undefined);
    // A history file of 500 runs is well under 5 MB; anything bigger is not ours.
    if (file.size > 5 * 1024 * 1024) return showImport({ ok: false, error: 'not-history', detail: 'size' });
    const text = await file.text();
    const outcome = await history.importText(text);
    if (!outcome.ok && outcome.error === 'would-drop-local') {
      // Nothing was written: say what the import would remove and let the person decide.
      setImported(undefined);
      setPending({ text, localDropped: outcome.localDropped, newestDroppedAt: outcome.newestDroppedAt });
      return;
    }
    await showImport(outcome);
  };
  const showImport = async (outcome: ImportShown) => {
    await reload(history);
    setImported(outcome);
    setImportSeq((n) => n + 1);
  };
  const confirmImport = async () => {
    if (!pending) return;
    setPending(undefined);
    await showImport(await history.importText(pending.text, { confirmDrop: true }));
  };
  const cancelImport = () => {
    setPending(undefined);
    void showImport({ ok: 'cancelled' });
  };
  const askClear = () => {
    setPending(undefined);
    setClearing('ask');
  };
  const clear = async () => {
    await history.clear();
    setImported(undefined);
    // The list is read again before "cleared" shows, so the message never stands beside old records.
    await reload(history);
    setClearing('done');
  };

  return {
    ...state,
    imported,
    importSeq,
    pending,
    clearing,
    importFile,
    confirmImport,
    cancelImport,
    askClear,
    cancelClear: () => setClearing(undefined),
    clear,
  };
}

/** The history once read, with what the person can do to it. */
export type HistoryPage = Exclude<ReturnType<typeof useHistory>, undefined | { error: string }>;
