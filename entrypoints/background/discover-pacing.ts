/**
 * The pause between discoveries, kept by the background across native host processes. Each
 * discovery starts a host of its own, so the host's own pause never sees the previous run; and the
 * background itself may be stopped between runs, so the last run's times live in storage.session
 * (gone with the browser session, never synced). One discovery at a time is the browser-wide run
 * slot (run-limits.ts); on top of it, the next discovery starts no sooner than
 * DISCOVERY_LIMITS.minIntervalMs after the last one ended, whoever asks. Free of browser globals.
 */
import * as z from 'zod/mini';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import type { KeyValueArea } from './setup-intent';

export const DISCOVERY_PACING_KEY = 'm2k:discoveryPacing';

const when = () => z.optional(z.int().check(z.nonnegative()));
const PacingSchema = z.object({ startedAt: when(), endedAt: when() });

export interface PacingRefusal {
  reason: 'rate-limited';
  detail: string;
  retryAfterMs: number;
}

export interface DiscoveryPacing {
  /** Null and the start recorded when a discovery may start now; else how long to wait. */
  admit(): Promise<PacingRefusal | null>;
  /** The discovery's final message is out: the pause counts from now. */
  ended(): Promise<void>;
  /**
   * The discovery never reached a helper (none installed, or not allowed): nothing was looked up,
   * so the pause stays as it was before this one was admitted. A person who installs the helper and
   * asks again at once is not told to wait.
   */
  notRun(): Promise<void>;
}

export function createDiscoveryPacing(
  area: KeyValueArea,
  now: () => number = Date.now,
  pauseMs: number = DISCOVERY_LIMITS.minIntervalMs,
): DiscoveryPacing {
  const read = async () => {
    const parsed = PacingSchema.safeParse((await area.get(DISCOVERY_PACING_KEY))[DISCOVERY_PACING_KEY]);
    return parsed.success ? parsed.data : {};
  };
  let before: z.infer<typeof PacingSchema> = {};
  return {
    async admit() {
      const state = await read();
      // A run whose end was never recorded (the background stopped meanwhile) counts from its start.
      const last = Math.max(state.startedAt ?? -Infinity, state.endedAt ?? -Infinity);
      const t = now();
      // A clock set back makes `last` lie ahead: never more than one pause.
      const wait = Math.min(pauseMs, last + pauseMs - t);
      if (wait > 0) {
        const retryAfterMs = Math.ceil(wait);
        return { reason: 'rate-limited', detail: `one discovery every ${pauseMs} ms; the next one in ${retryAfterMs} ms`, retryAfterMs };
      }
      before = state;
      await area.set({ [DISCOVERY_PACING_KEY]: { startedAt: t } });
      return null;
    },
    async notRun() {
      await area.set({ [DISCOVERY_PACING_KEY]: before });
    },
    async ended() {
      const state = await read();
      await area.set({ [DISCOVERY_PACING_KEY]: { ...state, endedAt: now() } });
    },
  };
}
