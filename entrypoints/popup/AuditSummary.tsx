import type { Audit } from '@/utils/audit/schema';
import { t } from '@/utils/i18n/translate';
import { FindingList } from './FindingList';

export const GMAIL_ACCOUNTS_URL = 'https://mail.google.com/mail/u/0/#settings/accounts';

/** The findings the Gmail panel collected last time, with a way back to the page they came from. */
export function AuditSummary({ audit }: { audit: Audit | null }) {
  return (
    <section class="m2k-audit" aria-labelledby="m2k-audit-title" data-testid="m2k-popup-audit">
      <h2 id="m2k-audit-title">{t('popup_audit_title')}</h2>
      {!audit ? (
        <p>{t('audit_none')}</p>
      ) : audit.findings.length === 0 ? (
        <p>{t('popup_audit_clean', [new Date(audit.at).toLocaleString()])}</p>
      ) : (
        <>
          <p>{t('popup_audit_when', [new Date(audit.at).toLocaleString()])}</p>
          <FindingList findings={audit.findings} testId="m2k-popup-finding" />
        </>
      )}
      <a href={GMAIL_ACCOUNTS_URL} target="_blank" rel="noopener noreferrer" data-testid="m2k-open-gmail-accounts">
        {t('popup_audit_open_gmail')}
      </a>
    </section>
  );
}
