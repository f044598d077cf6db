/**
 * Every one-shot message to the background (runtime.sendMessage), with its request and reply
 * schema. `send` (send.ts) and the background's router (router.ts) are typed from this table, so a
 * misspelled type or payload does not compile. On the wire a message is `{ type, ...request }`.
 * The probe's stream goes over a port instead: probe-port.ts.
 */
import * as z from 'zod/mini';
import { AuditSchema, MAX_ADDRESS_CHARS, PageReadSchema, SiteOfferSchema } from '../audit/schema';
import { ProfileSchema } from '../profile/schema';

export const SETUP_INTENT_TTL_MS = 5 * 60 * 1000;

export const SetupIntentSchema = z.object({ at: z.int().check(z.nonnegative()) });
export type SetupIntent = z.infer<typeof SetupIntentSchema>;

const Nothing = z.object({});
const Ok = z.object({ ok: z.literal(true) });
const IntentReply = z.object({ intent: z.nullable(SetupIntentSchema) });

export const MESSAGES = {
  /** The panel's setup button was pressed: the next wizard window may fill itself. */
  'setup-intent:set': { request: Nothing, reply: Ok },
  /** The wizard window asks whether it was opened by us; taking the intent clears it. */
  'setup-intent:take': { request: Nothing, reply: IntentReply },
  /** Peek without consuming (the wizard reloads between steps and must keep filling). */
  'setup-intent:peek': { request: Nothing, reply: IntentReply },
  'setup-intent:clear': { request: Nothing, reply: Ok },
  /**
   * What the panel read: judged into an audit (with the profile and the last fresh probe), stored,
   * copied into history, and sent back with the fetch accounts on other known Mail2000 sites.
   */
  'audit:save': {
    request: z.object({ read: PageReadSchema }),
    reply: z.object({ ok: z.literal(true), audit: AuditSchema, offers: z.array(SiteOfferSchema).check(z.maxLength(10)) }),
  },
  'audit:last': { request: Nothing, reply: z.object({ audit: z.nullable(AuditSchema) }) },
  /**
   * Open "Find my server" in the options page for an address, started: the panel's "Use these
   * settings". The background takes only an address the panel could offer, one on a known
   * Mail2000 site (checked there, so the content script does not carry the sites table).
   */
  'find:open': { request: z.object({ address: z.string().check(z.maxLength(MAX_ADDRESS_CHARS)) }), reply: Ok },
  /** Open the connection check (the popup page) in a tab: from the panel, where no toolbar popup can be opened. */
  'probe:open': { request: Nothing, reply: Ok },
  /** The stored profile, loaded and repaired by the background, for pages that do not read storage. */
  'profile:get': { request: Nothing, reply: z.object({ profile: ProfileSchema }) },
} as const;

export type Messages = typeof MESSAGES;
export type MessageType = keyof Messages;
export type RequestOf<T extends MessageType> = z.infer<Messages[T]['request']>;
export type ReplyOf<T extends MessageType> = z.infer<Messages[T]['reply']>;
/** What travels: the type next to the request's fields. */
export type Message<T extends MessageType = MessageType> = T extends MessageType
  ? Record<string, never> extends RequestOf<T>
    ? { type: T }
    : { type: T } & RequestOf<T>
  : never;

export const isMessageType = (type: unknown): type is MessageType => typeof type === 'string' && Object.hasOwn(MESSAGES, type);
