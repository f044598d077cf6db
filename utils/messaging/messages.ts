/**
 * Every one-shot message to the background (runtime.sendMessage), with its request and reply
 * schema. `send` (send.ts) and the background's router (router.ts) are typed from this table, so a
 * misspelled type or payload does not compile. On the wire a message is `{ type, ...request }`.
 * The probe's stream goes over a port instead: probe-port.ts.
 */
import * as z from 'zod/mini';
import { AuditSchema, MAX_ADDRESS_CHARS, PageReadSchema, SiteOfferSchema } from '../audit/schema';
import {
  ForwardAuditReplySchema,
  ForwardAuditSchema,
  ForwardIntentReplySchema,
  ForwardReadSchema,
  GmailAddressSchema,
} from '../forward/schema';
import { ProfileSchema } from '../profile/schema';
import { HostnameSchema } from '@/contract/fields';
import { MailPolicySchema } from '@/contract/mail-policy';
import { FeedSeenSchema, ForwardTestResultSchema } from '../forward-test/schema';
import { HelperMissingReasonSchema } from './run-port';

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
  /**
   * The panel's "Forward Mail2000 to this Gmail": the background opens the profile's webmail
   * (https://<host>/) in a new tab and binds the forwarding intent for `gmail` to that tab.
   * `assisted`: the forwarding assistant may run there (a known site, or one the person allowed).
   */
  'forward:start': {
    request: z.object({ gmail: GmailAddressSchema }),
    reply: z.object({ ok: z.literal(true), host: HostnameSchema, assisted: z.boolean() }),
  },
  /** The webmail's content script asks for its own tab's forwarding intent (null: the panel did not open this tab). */
  'forward:intent': { request: Nothing, reply: ForwardIntentReplySchema },
  /** What the assistant read of the forward settings: judged, kept for the popup and the report, answered with the findings. */
  'forward:audit': { request: z.object({ read: ForwardReadSchema }), reply: ForwardAuditReplySchema },
  /** The assistant filled the page in this tab, or the page shows the forwarding saved (which ends the intent). */
  'forward:progress': { request: z.object({ state: z.enum(['filled', 'saved']) }), reply: Ok },
  /** The last forward check, for the popup. */
  'forward:last': { request: Nothing, reply: z.object({ audit: z.nullable(ForwardAuditSchema) }) },
  /** Open the options page where the person allows the assistant on `host` (a webmail not in the known list). */
  'webmail:allow': { request: z.object({ host: HostnameSchema }), reply: Ok },
  /**
   * The panel's "Test forwarding": the background opens our test page in a new tab, bound to this
   * Gmail tab (the one that watches its inbox for the test message) and its address.
   */
  'forward-test:open': { request: z.object({ gmail: z.nullable(GmailAddressSchema) }), reply: Ok },
  /** The assistant's "Test forwarding" after a save: the same, for the Gmail tab whose panel opened this webmail tab. */
  'forward-test:open-from-webmail': { request: Nothing, reply: Ok },
  /** The test page asks what its own tab is bound to: whether a Gmail tab will watch, and its address. */
  'forward-test:context': {
    request: Nothing,
    reply: z.object({ watcher: z.boolean(), gmail: z.nullable(GmailAddressSchema) }),
  },
  /**
   * The school domain's SPF and DMARC for the profile's address, read by the helper (no mail server
   * is contacted): the risk sentences where the test starts. `missing`: no usable helper.
   */
  'forward-test:policy': {
    request: Nothing,
    reply: z.object({
      policy: z.nullable(MailPolicySchema),
      missing: z.optional(z.object({ reason: HelperMissingReasonSchema, detail: z.string().check(z.maxLength(2000)) })),
    }),
  },
  /** The Gmail tab's watch for a test's token: progress or its end (only the tab the test is bound to is heard). */
  'forward-test:seen': { request: FeedSeenSchema, reply: Ok },
  /** The last forwarding test, for the popup. */
  'forward-test:last': { request: Nothing, reply: z.object({ result: z.nullable(ForwardTestResultSchema) }) },
} as const;

/** The only messages the Mail2000 webmail's content script may send, and only it. */
export const WEBMAIL_MESSAGES: ReadonlySet<MessageType> = new Set([
  'forward:intent',
  'forward:audit',
  'forward:progress',
  'forward-test:open-from-webmail',
] as const);

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
