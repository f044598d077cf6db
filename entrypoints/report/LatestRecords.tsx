/**
 * The newest record of each kind, the way a helpdesk asks about them: the last connection check
 * with each service's details, the last Gmail audit's findings, the last forwarding check of the
 * webmail, and the recent forwarding tests. Read-only views of records, apart from the page's
 * loading and changes (use-history.ts).
 */
import { ServiceDetails } from '@/components/ServiceDetails';
import type { AuditRun, ForwardRun, ForwardTestRun, ProbeRun, StoredRecord } from '@/utils/history/records';
import { snake, t } from '@/utils/i18n/translate';
import { rowStatus, verdictOf, verdictText } from '@/utils/probe/verdict';

export function LatestProbe({ probe }: { probe: ProbeRun | undefined }) {
  return (
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
  );
}

export function LatestAudit({ audit }: { audit: AuditRun | undefined }) {
  return (
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
  );
}

export function LatestForward({ forward }: { forward: ForwardRun | undefined }) {
  return (
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
  );
}

/** `tests` newest first: the one a person asks about is the last test. */
export function ForwardTests({ tests }: { tests: Array<StoredRecord & ForwardTestRun> }) {
  return (
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
  );
}
