/**
 * The pace of forwarding tests, kept by the background: at most SEND_TEST_LIMITS.perWindow in
 * SEND_TEST_LIMITS.windowMs (each is a message in the person's mailbox and a login). Each test runs
 * in a host process of its own, so the host's own count cannot see them all; the start times live
 * in storage.session (gone with the browser session, never synced). Free of browser globals.
 */
import { SEND_TEST_LIMITS } from '@/contract/limits';
import type { KeyValueArea } from './setup-intent';

/** When the last send tests started. */
const SEND_TESTS_KEY = 'm2k:sendTests';

/** Returns `admit`: null (and the start counted) when a test may start now, else why not and when. */
export function createSendTestPacing(session: KeyValueArea, now: () => number): () => Promise<string | null> {
  // One admission at a time, so two tests asked for together cannot both take the last place.
  let pacing: Promise<unknown> = Promise.resolve();
  return () => {
    const next = pacing.then(async () => {
      const t = now();
      const raw = (await session.get(SEND_TESTS_KEY))[SEND_TESTS_KEY];
      const recent = (Array.isArray(raw) ? raw : []).filter(
        (x): x is number => typeof x === 'number' && x <= t && x > t - SEND_TEST_LIMITS.windowMs,
      );
      if (recent.length >= SEND_TEST_LIMITS.perWindow) {
        const waitS = Math.ceil((Math.min(...recent) + SEND_TEST_LIMITS.windowMs - t) / 1000);
        return `at most ${SEND_TEST_LIMITS.perWindow} forwarding tests in ${SEND_TEST_LIMITS.windowMs / 60_000} minutes: try again in ${waitS} s`;
      }
      await session.set({ [SEND_TESTS_KEY]: [...recent, t] });
      return null;
    });
    pacing = next.catch(() => undefined);
    return next;
  };
}
