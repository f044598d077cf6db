/**
 * Small rules about a profile that content scripts need. Kept apart from profile.ts, whose zod
 * schemas are built at import time and cannot be tree-shaken (~30 kB gzip in a content script);
 * profile.ts re-exports these, so other code imports them from there as before.
 */
import type { Profile } from './schema';
import { DEFAULT_PORTS, MAIL2000_HOST, type Service } from '@/contract/mail2000';

/**
 * The seed's profile for someone who has filled in nothing yet. ProfileSchema takes its defaults
 * from here, and pages that must render before the background answers (the popup) start from it.
 * Typed on its own (not as Profile), since Profile is inferred from the schema built on it.
 */
export const seedProfile = () => ({
  address: '',
  username: '',
  host: MAIL2000_HOST,
  popPort: 995 as 995 | 110,
  keepCopy: true,
  label: true,
  labelName: 'Mail2000',
  archive: false,
  sendAs: false,
  ports: { ...DEFAULT_PORTS } as Record<Service, number>,
});

export const effectiveUsername = (p: Pick<Profile, 'address' | 'username'>): string =>
  p.username.trim() || p.address.split('@')[0] || '';

export const popUsesSsl = (p: Pick<Profile, 'popPort'>): boolean => p.popPort === 995;
