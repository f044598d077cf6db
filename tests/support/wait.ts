/** Waiting in tests: for a turn of the event loop, or for an event with a bound. */

/**
 * Resolves after `ms` (0: once the timers and promise callbacks already queued have run). With
 * `ms` above 0 it is a fixed sleep; a test that can wait for an event instead should.
 */
export const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `p`, or a failure naming `what` when it has not settled within `ms`. A bound on a wait for an
 * event, so a test that would hang fails instead; never a measure of how fast something is (that
 * belongs in tests/bench/).
 */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting for ${what} after ${ms} ms`)), ms);
  });
  return Promise.race([p, bound]).finally(() => clearTimeout(timer));
}
