/** How the history stays within its bound: the MAX_RUNS newest records by time, whatever order they were stored in. */
export const MAX_RUNS = 500;

/**
 * Which records to delete so that at most `max` remain: unusable ones (`at` null) first, then the
 * oldest by time; among equal times the one stored first. Pure, so the rule is tested without a database.
 */
export const trimOrder = <K>(items: ReadonlyArray<{ key: K; at: number | null; seq: number }>, max: number): K[] => {
  const extra = items.length - max;
  if (extra <= 0) return [];
  const order = [...items].sort((a, b) => {
    if (a.at === null || b.at === null) return a.at === null ? (b.at === null ? a.seq - b.seq : -1) : 1;
    return a.at - b.at || a.seq - b.seq;
  });
  return order.slice(0, extra).map((i) => i.key);
};
