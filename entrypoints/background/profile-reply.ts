/**
 * Answers `profile:get` with the stored profile (loaded, migrated and repaired by profile-store),
 * so content scripts need not bundle the profile's zod schemas.
 */
import { browser } from 'wxt/browser';
import { loadProfile } from '@/utils/profile/store';
import type { Profile } from '@/utils/profile/schema';

export const registerProfileReply = (): void => {
  browser.runtime.onMessage.addListener((raw: unknown) => {
    if ((raw as { type?: unknown } | null)?.type !== 'profile:get') return undefined;
    return loadProfile().then((l): { profile: Profile } => ({ profile: l.profile }));
  });
};
