/**
 * A page of its own (options, report) before its first read ends: its title and what it is
 * reading, marked busy, never an empty page. The organisation's policy and the history database
 * can each take seconds to answer in a browser that has just started.
 */
import { t, type MessageKey } from '@/utils/i18n/translate';

export function PageLoading({
  class: className,
  title,
  reading,
  testId,
}: {
  class: string;
  title: MessageKey;
  reading: MessageKey;
  testId: string;
}) {
  return (
    <main class={className} aria-busy="true">
      <h1>{t(title)}</h1>
      <p role="status" data-testid={testId}>
        {t(reading)}
      </p>
    </main>
  );
}
