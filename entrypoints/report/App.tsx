import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ServiceDetails } from '@/components/ServiceDetails';
import { History } from '@/utils/history/store';
import { MAX_RUNS } from '@/utils/history/trim';
import type { AuditRun, ForwardRun, ForwardTestRun, ProbeRun, StoredRecord } from '@/utils/history/records';
import type { ImportOutcome } from '@/utils/history/export-file';
import { snake, t, uiLanguage } from '@/utils/i18n/translate';
import { rowStatus, verdictOf, verdictText } from '@/utils/probe/verdict';
import { Chart } from './Chart';
import { markdownSummary } from './summary';

type Loaded = { history: History; records: StoredRecord[]; skipped: number } | { error: string };
/** What the import line says: the store's outcome, or that the person cancelled at the confirmation. */
type ImportShown = ImportOutcome | { ok: 'cancelled' };
/** An import held back until the person agrees that it removes records already here. */
type PendingImport = { text: string; localDropped: number; newestDroppedAt: number };

const download = (name: string, type: string, text: string) => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');

export function App() {
  const [state, setState] = useState<Loaded | undefined>();
  const [imported, setImported] = useState<ImportShown | undefined>();
  /** Counts imports, so the same message twice is still seen as a new answer. */
  const [importSeq, setImportSeq] = useState(0);
  const [pending, setPending] = useState<PendingImport | undefined>();
  const [clearing, setClearing] = useState<'ask' | 'done' | undefined>();
  const [copied, setCopied] = useState(false);

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

  if (!state) return <main class="m2k-report" aria-busy="true" />;
  if ('error' in state) {
    return (
      <main class="m2k-report">
        <p role="alert" data-testid="m2k-report-notice" data-kind="error">
          {t('report_db_failed', [state.error])}
        </p>
      </main>
    );
  }
  const { history, records, skipped } = state;
  const probes = records.filter((r): r is StoredRecord & ProbeRun => r.kind === 'probe');
  const audits = records.filter((r): r is StoredRecord & AuditRun => r.kind === 'audit');
  const probe = probes[probes.length - 1];
  const audit = audits[audits.length - 1];
  const forwards = records.filter((r): r is StoredRecord & ForwardRun => r.kind === 'forward');
  const forward = forwards[forwards.length - 1];
  // Newest first: the one a person asks about is the last test.
  const tests = records
    .filter((r): r is StoredRecord & ForwardTestRun => r.kind === 'forward-test')
    .reverse()
    .slice(0, 20);
  const lang = uiLanguage();
  const version = browser.runtime.getManifest().version;

  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
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
  const clearHistory = async () => {
    await history.clear();
    setImported(undefined);
    setClearing('done');
    await reload(history);
  };
  const summary = () => markdownSummary(probe, audit, t, lang, version, forward);

  return (
    <main class="m2k-report">
      <header>
        <h1>{t('report_title')}</h1>
        <p data-testid="m2k-report-count" data-count={records.length}>
          {t('report_count', [records.length])}
        </p>
      </header>
      {history.rebuilt && (
        <p role="alert" class="m2k-notice" data-testid="m2k-report-notice" data-kind="rebuilt">
          {t('report_db_rebuilt')}
        </p>
      )}
      {skipped > 0 && (
        <p role="alert" class="m2k-notice" data-testid="m2k-report-notice" data-kind="skipped">
          {t('report_db_skipped', [skipped])}
        </p>
      )}

      <section aria-labelledby="m2k-latest-title" data-testid="m2k-report-latest">
        <h2 id="m2k-latest-title">{t('report_latest_probe')}</h2>
        {!probe ? (
          <p>{t('report_no_probe')}</p>
        ) : (
          <>
            <p class="m2k-verdict-line">
              {new Date(probe.at).toLocaleString()} · {probe.host} ·{' '}
              {verdictText(verdictOf(probe.results, { host: probe.host, final: true }), t)}
              {probe.imported ? <span data-testid="m2k-report-imported"> · {t('report_imported')}</span> : null}
            </p>
            <ul class="m2k-report-rows">
              {probe.results.map((r) => (
                <li
                  key={r.service}
                  class={`m2k-${rowStatus(r)}`}
                  data-testid="m2k-report-row"
                  data-service={r.service}
                  data-status={rowStatus(r)}
                >
                  <details>
                    <summary>
                      {t(`service_${r.service}`)} · {r.port} · {t(`status_${rowStatus(r)}`)} · {Math.round(r.ms)} ms
                    </summary>
                    <ServiceDetails result={r} />
                  </details>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="m2k-audit-title">
        <h2 id="m2k-audit-title">{t('report_latest_audit')}</h2>
        {!audit ? (
          <p>{t('audit_none')}</p>
        ) : audit.audit.findings.length === 0 ? (
          <p>{t('report_no_findings')}</p>
        ) : (
          <ul>
            {audit.audit.findings.map((f, i) => (
              <li key={i} class={`m2k-${f.severity}`} data-testid="m2k-report-finding" data-code={f.code}>
                {t(`finding_${snake(f.code)}`)}
                {f.account ? ` — ${f.account}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="m2k-forward-title" data-testid="m2k-report-forward">
        <h2 id="m2k-forward-title">{t('report_latest_forward')}</h2>
        {!forward ? (
          <p>{t('report_forward_none')}</p>
        ) : (
          <>
            <p>
              {new Date(forward.at).toLocaleString()} · {t('report_forward_site')}: {forward.audit.site}
              {forward.audit.targets.length ? ` · ${t('report_forward_targets')}: ${forward.audit.targets.join(', ')}` : ''}
            </p>
            {forward.audit.findings.length === 0 ? (
              <p>{t('report_no_findings')}</p>
            ) : (
              <ul>
                {forward.audit.findings.map((f, i) => (
                  <li key={i} class={`m2k-${f.severity}`} data-testid="m2k-report-forward-finding" data-code={f.code}>
                    {t(`finding_${snake(f.code)}`)}
                    {f.account ? ` — ${f.account}` : f.evidence ? ` — ${f.evidence}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="m2k-forward-tests-title" data-testid="m2k-report-forward-tests">
        <h2 id="m2k-forward-tests-title">{t('report_forward_tests')}</h2>
        {tests.length === 0 ? (
          <p>{t('report_forward_tests_none')}</p>
        ) : (
          <ul>
            {tests.map((r) => (
              <li key={r.id} data-testid="m2k-report-forward-test" data-outcome={r.test.outcome} data-token={r.test.token}>
                {t('report_forward_test_row', [
                  new Date(r.at).toLocaleString(),
                  `${r.test.address} (${r.test.site})`,
                  r.test.gmail ?? 'Gmail',
                  t(`report_ft_${snake(r.test.outcome)}`),
                ])}
                {r.test.arrivedMs !== undefined ? ` · ${t('report_ft_after', [Math.round(r.test.arrivedMs / 1000)])}` : ''}
                {r.imported ? ` · ${t('report_imported')}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="m2k-chart-h">
        <h2 id="m2k-chart-h">{t('report_history')}</h2>
        <Chart runs={probes} />
      </section>

      <section aria-labelledby="m2k-share-title" class="m2k-share">
        <h2 id="m2k-share-title">{t('report_share')}</h2>
        <div class="m2k-buttons">
          <button
            type="button"
            data-testid="m2k-report-export-json"
            onClick={async () => download(`m2k-history-${stamp()}.json`, 'application/json', await history.exportJson())}
          >
            {t('report_export_json')}
          </button>
          <button
            type="button"
            data-testid="m2k-report-export-md"
            onClick={() => download(`m2k-report-${stamp()}.md`, 'text/markdown', summary())}
          >
            {t('report_export_md')}
          </button>
          <button
            type="button"
            data-testid="m2k-report-copy-md"
            onClick={async () => {
              await navigator.clipboard.writeText(summary()).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {t('report_copy_md')}
          </button>
          <span role="status">{copied ? t('common_copied') : ''}</span>
        </div>
        <label for="m2k-import">{t('report_import')}</label>
        <input id="m2k-import" data-testid="m2k-report-import" type="file" accept="application/json,.json" onChange={onImport} />
        {pending && (
          <div
            role="alertdialog"
            aria-labelledby="m2k-import-question"
            class="m2k-confirm"
            data-testid="m2k-report-import-confirm"
            data-local-dropped={pending.localDropped}
          >
            <p id="m2k-import-question">
              {t('report_import_would_drop_local', [pending.localDropped, new Date(pending.newestDroppedAt).toLocaleString(), MAX_RUNS])}
            </p>
            <button type="button" data-testid="m2k-report-import-go" onClick={() => void confirmImport()}>
              {t('report_import_confirm')}
            </button>
            <button
              type="button"
              data-testid="m2k-report-import-cancel"
              onClick={() => (setPending(undefined), void showImport({ ok: 'cancelled' }))}
            >
              {t('report_cancel')}
            </button>
          </div>
        )}
        {imported && (
          <p
            role="status"
            data-testid="m2k-report-import-result"
            data-seq={importSeq}
            data-ok={String(imported.ok)}
            class={imported.ok === true ? 'm2k-ok' : imported.ok === 'cancelled' ? undefined : 'm2k-fail'}
          >
            {imported.ok === 'cancelled'
              ? `${t('report_import_cancelled')} ${t('report_import_untouched')}`
              : imported.ok
                ? `${t('report_import_ok', [imported.added, imported.duplicates, imported.dropped])}${imported.skipped > 0 ? ` ${t('report_import_skipped', [imported.skipped])}` : ''}`
                : imported.error === 'would-drop-local'
                  ? t('report_import_untouched')
                  : `${t(`report_import_${snake(imported.error)}`)} ${t('report_import_untouched')}`}
          </p>
        )}
      </section>

      <section aria-label={t('report_clear')} class="m2k-clear">
        {clearing === 'ask' ? (
          <div role="alertdialog" aria-labelledby="m2k-clear-question" class="m2k-confirm" data-testid="m2k-report-clear-question">
            <p id="m2k-clear-question">{t('report_clear_question', [records.length + skipped])}</p>
            <button type="button" class="m2k-danger" data-testid="m2k-report-clear-confirm" onClick={() => void clearHistory()}>
              {t('report_clear_confirm')}
            </button>
            <button type="button" data-testid="m2k-report-clear-cancel" onClick={() => setClearing(undefined)}>
              {t('report_cancel')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            data-testid="m2k-report-clear"
            disabled={records.length + skipped === 0}
            onClick={() => (setPending(undefined), setClearing('ask'))}
          >
            {t('report_clear')}
          </button>
        )}
        {clearing === 'done' && (
          <p role="status" data-testid="m2k-report-clear-done">
            {t('report_clear_done')}
          </p>
        )}
      </section>
    </main>
  );
}
