import { useState } from 'preact/hooks';
import { snake, t } from '@/utils/i18n/translate';
import type { HelperMissingReason } from '@/utils/messaging/probe-port';

/** No usable helper: say why and give the one command that fixes it, with a copy button. */
export function HelperMissing({ reason, command, detail }: { reason: HelperMissingReason; command: string; detail?: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <section class="m2k-missing" data-testid="m2k-helper-missing" data-reason={reason} role="alert" aria-labelledby="m2k-missing-title">
      <h2 id="m2k-missing-title">{t(`popup_missing_${snake(reason)}`)}</h2>
      <p>{t('popup_missing_howto')}</p>
      <pre>
        <code data-testid="m2k-install-command">{command}</code>
      </pre>
      <button type="button" data-testid="m2k-copy-install" onClick={copy}>
        {t('popup_copy')}
      </button>
      <span role="status" class="m2k-copied">
        {copied === 'yes' ? t('common_copied') : copied === 'no' ? t('popup_copy_failed') : ''}
      </span>
      {detail && <p class="m2k-detail">{detail}</p>}
    </section>
  );
}
