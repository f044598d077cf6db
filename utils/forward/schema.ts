/**
 * What the forwarding assistant reads on a Mail2000 webmail's auto-forward page, and the audit the
 * background judges from it (rules.ts): kept for the popup and the report like the Gmail audit.
 * Only the forward settings' fields: whether forwarding is on, its targets, keep a copy, the end
 * date. Never a password, a security code or mail.
 */
import * as z from 'zod/mini';
import { HostnameSchema } from '@/contract/fields';
import { FindingSchema } from '../audit/schema';
import { ADDRESS_RE, MAX_GMAIL_CHARS } from './address';

/** The address mail is forwarded to: one line, an address (the panel shows why not: address.ts). */
export const GmailAddressSchema = z.string().check(z.maxLength(MAX_GMAIL_CHARS), z.regex(ADDRESS_RE, 'not an address'));

/** Up to this many targets are kept from a page (Mail2000 allows a few; the V6 help says 3). */
const MAX_TARGETS = 10;

export const ForwardReadSchema = z.object({
  at: z.int().check(z.nonnegative()),
  /** The webmail's host the page was read on. */
  site: HostnameSchema,
  /** null: the page shows no switch for it that could be read. */
  enabled: z.nullable(z.boolean()),
  /** The forwarding addresses the page holds (a target that is not an address is left out). */
  targets: z.array(z.string().check(z.maxLength(MAX_GMAIL_CHARS))).check(z.maxLength(MAX_TARGETS)),
  keepCopy: z.nullable(z.boolean()),
  /** 限期轉寄: the day forwarding ends, when a limit is on; null without one. */
  endDate: z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
});
export type ForwardRead = z.infer<typeof ForwardReadSchema>;

export const ForwardAuditSchema = z.extend(ForwardReadSchema, {
  /** The Gmail address the forwarding should go to, when the panel named one. */
  gmail: z.nullable(GmailAddressSchema),
  findings: z.array(FindingSchema).check(z.maxLength(20)),
});
export type ForwardAudit = z.infer<typeof ForwardAuditSchema>;

/** The background's answers to the webmail's content script (utils/messaging/messages.ts names them). */
export const ForwardIntentReplySchema = z.object({
  /** `filled`: the assistant filled a page in this tab before (a later "saved" page is about that fill). */
  intent: z.nullable(z.object({ gmail: GmailAddressSchema, filled: z.boolean() })),
});
export const ForwardAuditReplySchema = z.object({ findings: z.array(FindingSchema).check(z.maxLength(20)) });
