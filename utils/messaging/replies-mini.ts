/**
 * Background replies as content scripts check them, with zod/mini: the classic zod schemas
 * (profile.ts, messages.ts, mail2000.ts build theirs at import time and cannot be tree-shaken)
 * cost ~30 kB gzip in a content script, zod/mini a few. Content scripts import only types from
 * those files and validate replies here. The background sends the full, already repaired profile
 * (ProfileReplySchema in messages.ts), so no defaults are repeated here.
 */
import * as z from 'zod/mini';
import type { Profile } from '../profile/schema';
import { FINDING_CODES } from '../audit/codes';

const Port = z.number().check(z.int(), z.minimum(1), z.maximum(65535));

export const ProfileMiniSchema = z.object({
  address: z.string(),
  username: z.string(),
  host: z.string().check(z.minLength(1), z.maxLength(253)),
  popPort: z.union([z.literal(995), z.literal(110)]),
  keepCopy: z.boolean(),
  label: z.boolean(),
  labelName: z.string(),
  archive: z.boolean(),
  sendAs: z.boolean(),
  ports: z.object({ pop3: Port, pop3s: Port, imap: Port, imaps: Port, smtp: Port, smtps: Port, submission: Port }),
});

export const ProfileMiniReplySchema = z.object({ profile: ProfileMiniSchema });

export const IntentMiniReplySchema = z.object({ intent: z.nullable(z.object({ at: z.number().check(z.int(), z.nonnegative()) })) });

/** The reply to `audit:save`: the audit completed by the background (findings from the last probe added). */
export const SavedAuditMiniReplySchema = z.object({
  ok: z.literal(true),
  audit: z.object({
    findings: z.array(
      z.object({
        code: z.enum(FINDING_CODES),
        severity: z.enum(['error', 'warn', 'info']),
        account: z.optional(z.string()),
        evidence: z.optional(z.string()),
      }),
    ),
  }),
});

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

/** Asks the background for the profile; null when it cannot answer or answers something else. */
export async function requestProfile(send: (msg: { type: 'profile:get' }) => Promise<unknown>): Promise<Profile | null> {
  try {
    const parsed = ProfileMiniReplySchema.safeParse(await send({ type: 'profile:get' }));
    return parsed.success ? (parsed.data.profile satisfies Profile) : null;
  } catch {
    return null;
  }
}
