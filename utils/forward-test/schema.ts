/**
 * The forwarding test as the extension keeps and passes it, written once in zod/mini: what the
 * Gmail tab reports of its watch (`forward-test:seen`), the command the background gives it, and
 * the result, kept in a history record of its own kind (`forward-test`) and as the popup's last line.
 * A result holds the token, times, outcomes, the site and the addresses: never a password, never a
 * message's content (zod drops unknown keys).
 */
import * as z from 'zod/mini';
import { HostnameSchema } from '@/contract/fields';
import { SEND_OUTCOMES } from '@/contract/send-test';
import { MAX_ADDRESS_LENGTH, TOKEN_RE, addressProblem } from '@/contract/send-test-rules';
import { FEED_PROBLEMS } from './feed';
import { TEST_OUTCOMES } from './outcomes';
import { GmailAddressSchema } from '../forward/schema';

const ms = () => z.number().check(z.nonnegative(), z.maximum(24 * 60 * 60 * 1000));
const looks = () => z.int().check(z.nonnegative(), z.maximum(100_000));

export const TokenSchema = z.string().check(z.regex(TOKEN_RE));
const FeedProblemSchema = z.enum(FEED_PROBLEMS);

/**
 * Why the person is asked whether the message arrived: the feed could not be read (feed.ts), the
 * Gmail tab stopped watching (it left the settings page, or closed), or no Gmail tab watches at all.
 */
export const ASK_REASONS = [...FEED_PROBLEMS, 'stopped', 'no-gmail-tab'] as const;
export const AskReasonSchema = z.enum(ASK_REASONS);
export type AskReason = z.infer<typeof AskReasonSchema>;

/** The background tells the bound Gmail tab to watch for a token (tabs.sendMessage), or to stop. */
export const FeedWatchCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('m2k:feed-watch'), token: TokenSchema }),
  z.object({ type: z.literal('m2k:feed-watch-stop'), token: TokenSchema }),
]);
export type FeedWatchCommand = z.infer<typeof FeedWatchCommandSchema>;

/** One report of the watch: its state, the token, how long and how many looks so far. */
const seen = <S extends string>(state: S) => z.object({ state: z.literal(state), token: TokenSchema, ms: ms(), looks: looks() });

/** What the Gmail tab reports: still looking, or how the watch ended (watch.ts). */
export const FeedSeenSchema = z.discriminatedUnion('state', [
  seen('looking'),
  seen('arrived'),
  seen('timeout'),
  z.extend(seen('unreadable'), { problem: FeedProblemSchema }),
  seen('stopped'),
]);
export type FeedSeen = z.infer<typeof FeedSeenSchema>;

const TestOutcomeSchema = z.enum(TEST_OUTCOMES);

/** A test's result: the popup's last line, and the content of its history record (utils/history/records.ts). */
export const ForwardTestResultSchema = z.object({
  at: z.int().check(z.nonnegative()),
  /** The Mail2000 server the message went through. */
  site: HostnameSchema,
  /** The Mail2000 address it was sent from and to (the forward's source). */
  address: z.string().check(
    z.maxLength(MAX_ADDRESS_LENGTH),
    z.refine((a) => addressProblem(a) === null, 'not an address'),
  ),
  /** The Gmail address the forward goes to (the watched tab's account), when known. */
  gmail: z.nullable(GmailAddressSchema),
  token: TokenSchema,
  outcome: TestOutcomeSchema,
  /** What the helper's send ended with; `manual`: the person sent it from the webmail by hand. */
  send: z.enum([...SEND_OUTCOMES, 'manual']),
  /** From the watch's start (after the send) to the token in Gmail's feed. */
  arrivedMs: z.optional(ms()),
  /** How long the Gmail tab looked. */
  watchedMs: z.optional(ms()),
  /** The copy kept in Mail2000, from the helper's report. */
  copy: z.optional(z.object({ found: z.boolean(), ms: ms() })),
  /** The next server refused the forward (a bounce naming the token came back). */
  bounced: z.optional(z.boolean()),
  /** Why the feed could not be read (the person was asked). */
  feedProblem: z.optional(AskReasonSchema),
});
export type ForwardTestResult = z.infer<typeof ForwardTestResultSchema>;
