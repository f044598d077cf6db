/**
 * What one service's probe found, for a person helping on the phone: each stage with its time and
 * error code, the certificate (issuer, expiry, days left), the capabilities, the hint and warnings
 * in the page's language. Shared by the popup rows and the report page.
 */
import type { ServiceResult } from '@/contract/protocol';
import { snake, t, uiLanguage } from '@/utils/i18n/translate';
import { derivedWarnings } from '@/utils/probe/verdict';

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

export function ServiceDetails({ result }: { result: ServiceResult }) {
  const lang = uiLanguage();
  const derived = result.warnings.length ? [] : derivedWarnings(result);
  return (
    <div class="m2k-details">
      {result.hint && (
        <p class="m2k-hint" data-testid="m2k-hint" data-code={result.hint.code}>
          {result.hint[lang]}
        </p>
      )}
      {(result.warnings.length > 0 || derived.length > 0) && (
        <ul class="m2k-warnings" aria-label={t('probe_warnings')}>
          {result.warnings.map((w) => (
            <li key={w.code} data-testid="m2k-warning" data-code={w.code}>
              {w[lang]}
            </li>
          ))}
          {derived.map((code) => (
            <li key={code} data-testid="m2k-warning" data-code={code}>
              {t(`probe_warn_${snake(code)}`, code === 'cert-expiring' ? [Math.round(result.tls?.daysLeft ?? 0)] : [])}
            </li>
          ))}
        </ul>
      )}
      <table class="m2k-stages">
        <caption>{t('probe_stages')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('probe_stage')}</th>
            <th scope="col">{t('probe_stage_result')}</th>
            <th scope="col">{t('probe_stage_time')}</th>
          </tr>
        </thead>
        <tbody>
          {result.stages.map((s, i) => (
            <tr key={i} data-testid="m2k-stage" data-stage={s.name} data-ok={String(s.ok)}>
              <th scope="row">{t(`probe_stage_${s.name}`)}</th>
              <td>
                {s.ok ? t('probe_stage_ok') : t('probe_stage_failed')}
                {s.code ? ` (${s.code})` : ''}
              </td>
              <td>{fmtMs(s.ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.tls && (
        <dl class="m2k-cert" data-testid="m2k-cert">
          <dt>{t('probe_cert_issuer')}</dt>
          <dd>{result.tls.issuer ?? '—'}</dd>
          <dt>{t('probe_cert_expires')}</dt>
          <dd>{result.tls.validTo ? new Date(result.tls.validTo).toLocaleDateString(lang === 'en' ? 'en' : 'zh-TW') : '—'}</dd>
          <dt>{t('probe_cert_days_left')}</dt>
          <dd data-testid="m2k-cert-days">{result.tls.daysLeft === undefined ? '—' : String(Math.round(result.tls.daysLeft))}</dd>
          <dt>{t('probe_cert_trusted')}</dt>
          <dd>
            {result.tls.trusted && result.tls.nameMatches ? t('common_yes') : t('common_no')}
            {result.tls.error ? ` (${result.tls.error})` : ''}
          </dd>
          {result.tls.protocol && (
            <>
              <dt>{t('probe_cert_protocol')}</dt>
              <dd>{result.tls.protocol}</dd>
            </>
          )}
        </dl>
      )}
      {result.capabilities && result.capabilities.length > 0 && (
        <p class="m2k-caps">
          <span>{t('probe_capabilities')}: </span>
          <code>{result.capabilities.join(' · ')}</code>
        </p>
      )}
    </div>
  );
}
