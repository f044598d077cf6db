import type { ForwardAudit } from '@/utils/forward/schema';
import { t } from '@/utils/i18n/translate';
import { FindingList } from './FindingList';

/** The last check of Mail2000's auto-forward settings, made by the assistant on the webmail. */
export function ForwardSummary({ audit }: { audit: ForwardAudit | null }) {
  const when = audit ? new Date(audit.at).toLocaleString() : '';
  return (
    <section class="m2k-audit" aria-labelledby="m2k-forward-title" data-testid="m2k-popup-forward">
      <h2 id="m2k-forward-title">{t('popup_forward_title')}</h2>
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
