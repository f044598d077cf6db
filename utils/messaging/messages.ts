/**
 * One-shot messages from content scripts and extension pages to the background (runtime.sendMessage).
 * The background validates every message with MessageSchema; replies have their own schemas.
 * Streaming (the probe) goes over a runtime.connect port instead; see utils/probe-port.ts.
 */
import { z } from 'zod';
import { AuditSchema } from '../audit/schema';
import { ProfileSchema } from '../profile/schema';

export const SETUP_INTENT_TTL_MS = 5 * 60 * 1000;

export const SetupIntentSchema = z.object({ at: z.number().int().nonnegative() });
export type SetupIntent = z.infer<typeof SetupIntentSchema>;

export const MessageSchema = z.discriminatedUnion('type', [
  /** The panel's setup button was pressed: the next wizard window may fill itself. */
  z.object({ type: z.literal('setup-intent:set') }),
  /** The wizard window asks whether it was opened by us; taking the intent clears it. */
  z.object({ type: z.literal('setup-intent:take') }),
  /** Peek without consuming (the wizard reloads between steps and must keep filling). */
  z.object({ type: z.literal('setup-intent:peek') }),
  z.object({ type: z.literal('setup-intent:clear') }),
  z.object({ type: z.literal('audit:save'), audit: AuditSchema }),
  z.object({ type: z.literal('audit:last') }),
  /** Open the connection check (the popup page) in a tab: from the panel, where no toolbar popup can be opened. */
  z.object({ type: z.literal('probe:open') }),
  /**
   * The stored profile, loaded (and repaired) by the background. Content scripts ask for it instead
   * of importing profile-store: zod cannot be tree-shaken and would double the content bundle; they
   * check the reply with the zod/mini schema in utils/replies-mini.ts.
   */
  z.object({ type: z.literal('profile:get') }),
]);
export type Message = z.infer<typeof MessageSchema>;

export const IntentReplySchema = z.object({ intent: SetupIntentSchema.nullable() });
export const AuditReplySchema = z.object({ audit: AuditSchema.nullable() });
export const ProfileReplySchema = z.object({ profile: ProfileSchema });
export const OkReplySchema = z.object({ ok: z.literal(true) });
