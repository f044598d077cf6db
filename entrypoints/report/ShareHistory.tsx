/**
 * Taking the history elsewhere and bringing it back: the JSON export, the Markdown summary (as a
 * file or copied), and the import with its confirmation when it would remove records already here
 * and the line that says what it did. The import's rules are use-history.ts's; this is what the
 * person presses and reads.
 */
import { useState } from 'preact/hooks';
import { MAX_RUNS } from '@/utils/history/trim';
import { snake, t } from '@/utils/i18n/translate';
import type { HistoryPage } from './use-history';

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

export function ShareHistory({ page, summary }: { page: HistoryPage; summary: () => string }) {
  const { history, pending, imported, importSeq } = page;
  const [copied, setCopied] = useState(false);

  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    await page.importFile(file);
  };

  return (
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
          <button type="button" data-testid="m2k-report-import-go" onClick={() => void page.confirmImport()}>
            {t('report_import_confirm')}
          </button>
          <button type="button" data-testid="m2k-report-import-cancel" onClick={page.cancelImport}>
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
  );
}
