/**
 * The report page: what this browser's history holds, newest first where a helpdesk would look,
 * the chart over time, and the ways to take it elsewhere, bring it back or empty it. The page
 * lays out the sections and picks the records each shows; the history itself is use-history.ts.
 */
import { browser } from 'wxt/browser';
import type { AuditRun, ForwardRun, ForwardTestRun, ProbeRun, StoredRecord } from '@/utils/history/records';
import { t, uiLanguage } from '@/utils/i18n/translate';
import { PageLoading } from '@/components/PageLoading';
import { Chart } from './Chart';
import { ClearHistory } from './ClearHistory';
import { ForwardTests, LatestAudit, LatestForward, LatestProbe } from './LatestRecords';
import { ShareHistory } from './ShareHistory';
import { markdownSummary } from './summary';
import { useHistory } from './use-history';

export function App() {
  const page = useHistory();

  if (!page) return <PageLoading class="m2k-report" title="report_title" reading="report_loading" testId="m2k-report-loading" />;
  if ('error' in page) {
    return (
      <main class="m2k-report">
        <p role="alert" data-testid="m2k-report-notice" data-kind="error">
          {t('report_db_failed', [page.error])}
        </p>
      </main>
    );
  }
  const { history, records, skipped } = page;
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

      <LatestProbe probe={probe} />
      <LatestAudit audit={audit} />
      <LatestForward forward={forward} />
      <ForwardTests tests={tests} />

      <section aria-labelledby="m2k-chart-h">
        <h2 id="m2k-chart-h">{t('report_history')}</h2>
        <Chart runs={probes} />
      </section>

      <ShareHistory page={page} summary={summary} />
      <ClearHistory page={page} />
    </main>
  );
}
