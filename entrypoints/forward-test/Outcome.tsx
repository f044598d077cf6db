/**
 * The forwarding test page's outcome views: what the helper's send came to (its outcome, its hint in
 * the person's language, the server's words with every control character shown escaped, the kept
 * copy) and the test's result, with the likely causes in order where the message did not arrive.
 */
import { inert } from '@/contract/inert';
import type { SendTestReport } from '@/contract/send-test';
import { testTag } from '@/contract/send-test-rules';
import { snake, t, uiLanguage } from '@/utils/i18n/translate';
import type { ForwardTestResult } from '@/utils/forward-test/schema';
import { verified } from '@/utils/forward-test/outcomes';

export const secs = (ms: number) => Math.max(0, Math.round(ms / 1000));

/** What the helper's send came to: its outcome, its hint in the person's language, the server's words (escaped), the kept copy. */
export function SendResult({ report }: { report: SendTestReport }) {
  const lang = uiLanguage();
  return (
    <section data-testid="m2k-ft-send-result" data-outcome={report.outcome} data-sent={String(report.sent)}>
      <h2>{t('ft_send_title')}</h2>
      <p class={report.sent ? 'm2k-ok' : 'm2k-warn'}>{t(`sendtest_result_${snake(report.outcome)}`)}</p>
      <p data-testid="m2k-ft-hint" data-code={report.hint.code}>
        {inert(lang === 'zh_TW' ? report.hint.zh_TW : report.hint.en)}
      </p>
      {report.refusal?.detail && (
        <p class="m2k-note" data-testid="m2k-ft-detail">
          {t('ft_server_said', [inert(report.refusal.detail)])}
        </p>
      )}
      {report.copy && (
        <p data-testid="m2k-ft-copy" data-found={String(report.copy.found)}>
          {report.copy.found ? t('ft_copy_found', [secs(report.copy.ms)]) : t('ft_copy_missing')}
        </p>
      )}
    </section>
  );
}

/** The test's result; where the message did not arrive, the likely causes in order. */
export function Result({ result, limitMin }: { result: ForwardTestResult; limitMin: number }) {
  const search = `in:spam "${testTag(result.token)}"`;
  const missing = result.outcome === 'not-arrived' || result.outcome === 'confirmed-missing';
  return (
    <section data-testid="m2k-ft-result" data-outcome={result.outcome} data-verified={String(verified(result.outcome))} role="status">
      <h2>{t('ft_result_title')}</h2>
      {result.outcome === 'arrived' && <p class="m2k-ok">{t('ft_result_arrived', [secs(result.arrivedMs ?? 0)])}</p>}
      {result.outcome === 'confirmed-arrived' && <p class="m2k-ok">{t('ft_result_confirmed_arrived')}</p>}
      {result.outcome === 'not-arrived' && <p class="m2k-warn">{t('ft_result_not_arrived', [limitMin])}</p>}
      {result.outcome === 'confirmed-missing' && <p class="m2k-warn">{t('ft_result_confirmed_missing')}</p>}
      {result.outcome === 'not-sent' && <p class="m2k-warn">{t('ft_result_not_sent')}</p>}
      {verified(result.outcome) && result.copy && (
        <p data-testid="m2k-ft-kept">{result.copy.found ? t('ft_result_kept', [secs(result.copy.ms)]) : t('ft_result_not_kept')}</p>
      )}
      {missing && (
        <ol data-testid="m2k-ft-causes">
          <li data-testid="m2k-ft-cause" data-cause="not-saved">
            {t('ft_cause_not_saved')}
          </li>
          <li data-testid="m2k-ft-cause" data-cause="security-code">
            {t('ft_cause_security_code')}
          </li>
          <li data-testid="m2k-ft-cause" data-cause="spam">
            {t('ft_cause_spam')} <code data-testid="m2k-ft-spam-search">{search}</code>
          </li>
          <li data-testid="m2k-ft-cause" data-cause="refused">
            {t(result.bounced ? 'ft_cause_refused_bounced' : 'ft_cause_refused')}
          </li>
        </ol>
      )}
    </section>
  );
}
