import type { ForwardAudit } from '@/utils/forward/schema';
import type { ForwardTestResult } from '@/utils/forward-test/schema';
import { verified } from '@/utils/forward-test/outcomes';
import { t } from '@/utils/i18n/translate';
import { FindingList } from './FindingList';

/** The last forwarding test: "verified on <date>", or its failure. */
function TestLine({ test }: { test: ForwardTestResult }) {
  const day = new Date(test.at).toLocaleDateString();
  const ok = verified(test.outcome);
  return (
    <p class={ok ? 'm2k-ok' : 'm2k-warn'} data-testid="m2k-popup-forward-test" data-outcome={test.outcome}>
      {ok
        ? t('popup_forward_test_verified', [day])
        : test.outcome === 'not-sent'
          ? t('popup_forward_test_not_sent', [day])
          : t('popup_forward_test_failed', [day])}
    </p>
  );
}

/** The last check of Mail2000's auto-forward settings, made by the assistant on the webmail, and the last forwarding test. */
export function ForwardSummary({ audit, test }: { audit: ForwardAudit | null; test: ForwardTestResult | null }) {
  const when = audit ? new Date(audit.at).toLocaleString() : '';
  return (
    <section class="m2k-audit" aria-labelledby="m2k-forward-title" data-testid="m2k-popup-forward">
      <h2 id="m2k-forward-title">{t('popup_forward_title')}</h2>
      {test && <TestLine test={test} />}
      {!audit ? (
        <p>{t('popup_forward_none')}</p>
      ) : audit.findings.length === 0 ? (
        <p>{t('popup_forward_clean', [audit.site, when])}</p>
      ) : (
        <>
          <p>{t('popup_forward_when', [audit.site, when])}</p>
          <FindingList findings={audit.findings} testId="m2k-popup-forward-finding" />
        </>
      )}
    </section>
  );
}
