/**
 * How often one host process sends a forwarding test: each one puts a message in the person's
 * mailbox and logs in with their password, so a page that keeps asking cannot fill the mailbox or
 * guess passwords through us. The extension keeps the same pace across host processes.
 */
import { SEND_TEST_LIMITS } from '@/contract/limits';

export interface SendLimit {
  /** Takes one of the window's tests, or says in how many milliseconds the next one is allowed. */
  take(): { ok: true } | { ok: false; waitMs: number };
}

export function createSendLimit(
  now: () => number,
  perWindow: number = SEND_TEST_LIMITS.perWindow,
  windowMs: number = SEND_TEST_LIMITS.windowMs,
): SendLimit {
  const started: number[] = [];
  return {
    take() {
      const t = now();
      while (started.length > 0 && started[0]! <= t - windowMs) started.shift();
      if (started.length >= perWindow) return { ok: false, waitMs: started[0]! + windowMs - t };
      started.push(t);
      return { ok: true };
    },
  };
}
