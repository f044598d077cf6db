/**
 * Emptying the history, only after a question that says how many records go. Its own section so
 * the one destructive button of the page stands apart from export and import (ShareHistory.tsx).
 */
import { t } from '@/utils/i18n/translate';
import type { HistoryPage } from './use-history';

export function ClearHistory({ page }: { page: HistoryPage }) {
  const total = page.records.length + page.skipped;
  return (
    <section aria-label={t('report_clear')} class="m2k-clear">
      {page.clearing === 'ask' ? (
        <div role="alertdialog" aria-labelledby="m2k-clear-question" class="m2k-confirm" data-testid="m2k-report-clear-question">
          <p id="m2k-clear-question">{t('report_clear_question', [total])}</p>
          <button type="button" class="m2k-danger" data-testid="m2k-report-clear-confirm" onClick={() => void page.clear()}>
            {t('report_clear_confirm')}
          </button>
          <button type="button" data-testid="m2k-report-clear-cancel" onClick={page.cancelClear}>
            {t('report_cancel')}
          </button>
        </div>
      ) : (
        <button type="button" data-testid="m2k-report-clear" disabled={total === 0} onClick={page.askClear}>
          {t('report_clear')}
        </button>
      )}
      {page.clearing === 'done' && (
        <p role="status" data-testid="m2k-report-clear-done">
          {t('report_clear_done')}
        </p>
      )}
    </section>
  );
}
