/** Reading a probe result in tests: which stage failed, and what deadline a timed-out stage names. */
import type { ServiceResult } from '@/contract/protocol';

export const failedStage = (r: ServiceResult) => r.stages.find((s) => !s.ok);

/**
 * The deadline a timed-out stage names, in ms: "no answer within N ms" gives N, what was left of
 * the run's timeout when the stage began to wait. When the run's own deadline fired first (the two
 * end together), "the whole probe ran out of time" counts as 0 left. NaN for any other wording.
 * Read from the report, not timed, so a test can check that the timeout given was the one used.
 */
export const deadlineNamed = (r: ServiceResult): number => {
  const detail = failedStage(r)?.detail ?? '';
  if (detail.includes('the whole probe ran out of time')) return 0;
  return Number(/within (\d+) ms/.exec(detail)?.[1] ?? NaN);
};
