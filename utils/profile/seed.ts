/** The default profile and small profile rules, zod-free for first paint (docs/architecture.md, "Budgets"). */
import type { Profile } from './schema';
import { DEFAULT_PORTS, MAIL2000_HOST, type Service } from '@/contract/mail2000';

/**
 * The default profile for someone who has filled in nothing yet. ProfileSchema takes its defaults
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

export const effectiveUsername = (p: Pick<Profile, 'address' | 'username'>): string => p.username.trim() || p.address.split('@')[0] || '';

export const popUsesSsl = (p: Pick<Profile, 'popPort'>): boolean => p.popPort === 995;

/**
 * "Nothing known": what a content script works with when the background cannot answer. An empty
 * address is how the rest of the code already recognises a profile that was never filled in.
 */
export const NO_PROFILE: Profile = {
  address: '',
  username: '',
  host: '',
  popPort: 995,
  keepCopy: true,
  label: true,
  labelName: '',
  archive: false,
  sendAs: false,
  ports: { pop3: 0, pop3s: 0, imap: 0, imaps: 0, smtp: 0, smtps: 0, submission: 0 },
};
