/**
 * Small rules about a profile that content scripts need. Kept apart from profile.ts, whose zod
 * schemas are built at import time and cannot be tree-shaken (~30 kB gzip in a content script);
 * profile.ts re-exports these, so other code imports them from there as before.
 */
import type { Profile } from './profile';

export const effectiveUsername = (p: Pick<Profile, 'address' | 'username'>): string =>
  p.username.trim() || p.address.split('@')[0] || '';

export const popUsesSsl = (p: Pick<Profile, 'popPort'>): boolean => p.popPort === 995;
