/**
 * Every one-shot message to the background (runtime.sendMessage), with its request and reply
 * schema. `send` (send.ts) and the background's router (router.ts) are typed from this table, so a
 * misspelled type or payload does not compile. On the wire a message is `{ type, ...request }`.
 * The probe's stream goes over a port instead: probe-port.ts.
 */
import * as z from 'zod/mini';
import { AuditSchema, MAX_ADDRESS_CHARS, PageReadSchema, SiteOfferSchema } from '../audit/schema';
import { ProfileSchema } from '../profile/schema';

const Nothing = z.object({});
const Ok = z.object({ ok: z.literal(true) });

export const MESSAGES = {
  /** The panel's setup button was pressed on this Gmail tab: the window Gmail opens next may claim the setup. */
  'setup-intent:set': { request: Nothing, reply: Ok },
  /**
   * A window Gmail's page opened asks for the setup bound to its own tab; with `claim`, it takes a
   * pending one when it is the window that setup opened (entrypoints/background/setup-intent.ts).
   */
  'setup-intent:get': {
    request: z.object({ claim: z.boolean() }),
    reply: z.object({ setup: z.nullable(z.object({ asked: z.boolean() })) }),
  },
  /** The person pressed "Fill Mail2000 settings" in this window: the setup is this tab's from now on. */
  'setup-intent:ask': { request: Nothing, reply: Ok },
  /** The setup in this tab is finished. */
  'setup-intent:end': { request: Nothing, reply: Ok },
  /**
   * What the panel read: judged into an audit (with the profile and the last fresh probe), stored,
   * copied into history, and sent back with the fetch accounts on other known Mail2000 sites.
   */
  'audit:save': {
    request: z.object({ read: PageReadSchema }),
    reply: z.object({ ok: z.literal(true), audit: AuditSchema, offers: z.array(SiteOfferSchema).check(z.maxLength(10)) }),
  },
  'audit:last': { request: Nothing, reply: z.object({ audit: z.nullable(AuditSchema) }) },
  /** Open "Find my server" in the options page for an address, started: the panel's "Use these settings". */
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
