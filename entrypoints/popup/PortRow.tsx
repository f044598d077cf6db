import { useState } from 'preact/hooks';
import type { Service } from '@/contract/mail2000';
import type { ServiceResult } from '@/contract/protocol';
import { t } from '@/utils/i18n/translate';
import { rowStatus } from '@/utils/probe/verdict';
import { ServiceDetails } from '@/components/ServiceDetails';

/** One service: a button that expands (Enter/Space, it is a real button) to its stages and certificate. */
export function PortRow({
  service,
  port,
  result,
  running,
}: {
  service: Service;
  port: number;
  result: ServiceResult | undefined;
  running: boolean;
}) {
  const [open, setOpen] = useState(false);
  // A run that ended without this service's result (the helper died, or timed out) leaves it failed, not spinning.
  const status = result || running ? rowStatus(result) : 'fail';
  const id = `m2k-row-${service}`;
  return (
    <li class={`m2k-row m2k-${status}`} data-testid="m2k-port-row" data-service={service} data-status={status}>
      <button type="button" class="m2k-row-head" aria-expanded={open} aria-controls={id} disabled={!result} onClick={() => setOpen(!open)}>
        <span class="m2k-badge" aria-hidden="true">
          {status === 'ok' ? '✓' : status === 'warn' ? '!' : status === 'fail' ? '✕' : '…'}
        </span>
        <span class="m2k-svc">{t(`service_${service}`)}</span>
        <span class="m2k-port">{result?.port ?? port}</span>
        <span class="m2k-status">{t(`status_${status}`)}</span>
        <span class="m2k-ms">{result ? `${Math.round(result.ms)} ms` : running ? '' : t('popup_no_answer')}</span>
      </button>
      {result && (
        <div id={id} hidden={!open}>
          {open && <ServiceDetails result={result} />}
        </div>
      )}
    </li>
  );
}
