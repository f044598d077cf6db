/**
 * What the background allows at once, whoever asks: one probe at a time in this browser (each run
 * starts its own native host, so the host's own "busy" cannot see a second run), and a few login
 * tests a minute, so a compromised page of ours cannot guess passwords against the mail server.
 */

export const CREDENTIAL_TESTS_PER_MINUTE = 5;
const WINDOW_MS = 60_000;

export type Refused = { reason: 'busy' | 'rate-limited'; detail: string };

export interface RunLimits {
  /** Takes the one run slot (and, for a login test, one of the minute's tests), or says why not. */
  acquire(credential: boolean): Refused | null;
  /** Gives the slot back; called once when the run's final message is out. */
  release(): void;
}

export function createRunLimits(now: () => number = Date.now, perMinute = CREDENTIAL_TESTS_PER_MINUTE): RunLimits {
  let running = false;
  /** Start times of the login tests of the last minute, oldest first. */
  const tests: number[] = [];
  return {
    acquire(credential) {
      if (running) return { reason: 'busy', detail: 'another check is running in this browser' };
      if (credential) {
        const t = now();
        while (tests.length > 0 && tests[0]! <= t - WINDOW_MS) tests.shift();
        if (tests.length >= perMinute) {
          const wait = Math.ceil((tests[0]! + WINDOW_MS - t) / 1000);
          return { reason: 'rate-limited', detail: `at most ${perMinute} login tests a minute; the next one in ${wait} s` };
        }
        tests.push(t);
      }
      running = true;
      return null;
    },
    release() {
      running = false;
    },
  };
}
