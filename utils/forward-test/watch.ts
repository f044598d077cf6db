/**
 * The Gmail tab's watch for the test message: looks at the feed (feed.ts) every interval until an
 * entry's title carries the token, the limit passes, the feed cannot be read, or the watch is
 * stopped (the person left the settings page, the extension stopped). A network hiccup is tried
 * again a few times before the feed counts as unreadable; any other problem ends the watch at once,
 * because it will not mend itself within minutes (a signed-out account, a page that is not a feed).
 */
import type { FeedTitles } from './feed';
import { titlesHaveToken } from './feed';
import type { FeedSeen } from './schema';
import type { WatchLimits } from './watch-limits';

/** How a watch ends: the Gmail tab's final report (schema.ts) before the token is added to it. */
type WithoutToken<T> = T extends unknown ? Omit<T, 'token'> : never;
export type WatchEnd = WithoutToken<Exclude<FeedSeen, { state: 'looking' }>>;

export interface WatchDeps {
  token: string;
  look: () => Promise<FeedTitles>;
  limits: WatchLimits;
  signal: AbortSignal;
  now?: () => number;
  /** After each look that did not find it. */
  onLook?: (looks: number, ms: number) => void;
}

/** Network failures in a row before the feed counts as unreadable. */
const NETWORK_TRIES = 3;

export async function watchFeed(deps: WatchDeps): Promise<WatchEnd> {
  const now = deps.now ?? Date.now;
  const start = now();
  let looks = 0;
  let networkFailures = 0;
  const elapsed = () => now() - start;
  for (;;) {
    if (deps.signal.aborted) return { state: 'stopped', ms: elapsed(), looks };
    const seen = await deps.look();
    looks++;
    if (deps.signal.aborted) return { state: 'stopped', ms: elapsed(), looks };
    if (seen.ok) {
      networkFailures = 0;
      if (titlesHaveToken(seen.titles, deps.token)) return { state: 'arrived', ms: elapsed(), looks };
    } else if (seen.problem !== 'network' || ++networkFailures >= NETWORK_TRIES) {
      return { state: 'unreadable', problem: seen.problem, ms: elapsed(), looks };
    }
    deps.onLook?.(looks, elapsed());
    const left = deps.limits.limitMs - elapsed();
    if (left <= 0) return { state: 'timeout', ms: elapsed(), looks };
    await pause(Math.min(deps.limits.intervalMs, left), deps.signal);
  }
}

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
