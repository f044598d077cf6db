/**
 * When and how the profile's server was verified ("Find my server"), kept in storage.sync under its
 * own key next to the profile, read and written by the options page only: the content script
 * carries the profile schema within a tight size budget and never needs this. A record counts only
 * while its host is still the profile's host; anything unreadable counts as "not verified".
 */
import * as z from 'zod/mini';
import { HostnameSchema } from '@/contract/fields';
import type { StorageAreaLike } from './store';

export const VERIFICATION_STORAGE_KEY = 'verification';

export const VerificationSchema = z.object({
  /** Milliseconds since the epoch. */
  at: z.int().check(z.nonnegative()),
  /** `helper`: a discovery from this computer proved it; `known-site`: taken from the known-sites table, not verified here. */
  how: z.enum(['helper', 'known-site']),
  host: HostnameSchema,
});
export type Verification = z.infer<typeof VerificationSchema>;

/** The stored record when it is valid and still about `host`; null otherwise. */
export function readVerification(stored: unknown, host: string): Verification | null {
  const v = VerificationSchema.safeParse(stored);
  return v.success && v.data.host === host.toLowerCase() ? v.data : null;
}

const syncArea = (): StorageAreaLike | undefined => {
  const g = globalThis as { browser?: { storage?: { sync?: StorageAreaLike } }; chrome?: { storage?: { sync?: StorageAreaLike } } };
  return (g.browser ?? g.chrome)?.storage?.sync;
};

export async function loadVerification(host: string, area = syncArea()): Promise<Verification | null> {
  try {
    return readVerification((await area?.get(VERIFICATION_STORAGE_KEY))?.[VERIFICATION_STORAGE_KEY], host);
  } catch {
    return null;
  }
}

/** Stores a valid record, or null to say "not verified" (a server typed by hand). */
export async function saveVerification(v: Verification | null, area = syncArea()): Promise<void> {
  await area?.set({ [VERIFICATION_STORAGE_KEY]: v === null ? null : VerificationSchema.parse(v) });
}
