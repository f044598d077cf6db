/**
 * Deadlines: every wait in the probe is raced against an absolute time (performance.now() based)
 * and the run's AbortSignal, so no stage and no run can outlive its budget.
 */
import { ProbeError } from './errors';

export const now = (): number => performance.now();

/** Resolves with `p`, or rejects with ETIMEDOUT at `until` / ABORTED when `signal` fires. */
export function race<T>(p: Promise<T>, until: number, signal: AbortSignal | undefined, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const ms = Math.max(0, until - now());
    const timer = setTimeout(() => {
      cleanup();
      reject(new ProbeError('ETIMEDOUT', `no answer within ${Math.round(ms)} ms (${what})`));
    }, ms);
    const onAbort = () => {
      cleanup();
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    function cleanup() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    p.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (e: unknown) => {
        cleanup();
        reject(e);
      },
    );
  });
}

/** The run aborts itself at its deadline with reason 'deadline'; anything else is the caller's cancel. */
export function abortError(signal: AbortSignal): ProbeError {
  return signal.reason === 'deadline'
    ? new ProbeError('ETIMEDOUT', 'the whole probe ran out of time')
    : new ProbeError('ABORTED', 'probe cancelled');
}
