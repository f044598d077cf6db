import type { Finding } from '@/utils/audit/schema';
import { snake, t } from '@/utils/i18n/translate';

/** A check's findings, one line each (the short text), with the account or address it is about. */
export function FindingList({ findings, testId }: { findings: readonly Finding[]; testId: string }) {
  return (
    <ul>
      {findings.map((f, i) => (
        <li key={i} class={`m2k-finding m2k-${f.severity}`} data-testid={testId} data-code={f.code}>
          {t(`finding_${snake(f.code)}`)}
          {f.account ? ` — ${f.account}` : ''}
        </li>
      ))}
    </ul>
  );
}
