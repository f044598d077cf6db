/**
 * The feed watch's interval and limit (contract/limits.ts, FEED_WATCH), as this build has them. A
 * test build may shorten both through M2K_TEST_FEED_WATCH=<intervalMs>,<limitMs> at build time
 * (wxt.config.ts writes it into the code; scripts/release.mjs refuses to package such a build):
 * nothing at run time (a page, a message, storage) can change them, and no value can make them
 * longer than the product's.
 */
import { FEED_WATCH } from '@/contract/limits';

declare const __M2K_TEST_FEED_WATCH__: string | undefined;

export interface WatchLimits {
  intervalMs: number;
  limitMs: number;
}

/** "<intervalMs>,<limitMs>" kept within [floor, product value]; anything else is the product's. */
export function watchLimitsOf(spec: string | undefined): WatchLimits {
  const m = /^(\d{1,7}),(\d{1,7})$/.exec(spec ?? '');
  if (!m) return { intervalMs: FEED_WATCH.intervalMs, limitMs: FEED_WATCH.limitMs };
  const within = (v: number, floor: number, max: number) => Math.min(max, Math.max(floor, v));
  return { intervalMs: within(Number(m[1]), 200, FEED_WATCH.intervalMs), limitMs: within(Number(m[2]), 1_000, FEED_WATCH.limitMs) };
}

export const watchLimits = (): WatchLimits =>
  watchLimitsOf(typeof __M2K_TEST_FEED_WATCH__ === 'string' ? __M2K_TEST_FEED_WATCH__ : undefined);
