/**
 * What a school domain's SPF and DMARC records mean for mail forwarded into Gmail: the summary the
 * helper reads from DNS (`mail-policy` host request, part of `send-test`'s report), written once in
 * zod/mini. Every note has a stable code; the extension shows `sendtest_policy_<code>` from its
 * locales, the command line the note's own zh-TW and en text.
 */
import * as z from 'zod/mini';
import { HostnameSchema } from './fields';

/** Each note, in the order they are shown. */
export const POLICY_NOTE_CODES = [
  // Colleagues' mail leaves from the school's server, which the school's SPF names: it passes.
  'colleagues-pass',
  // The school's SPF does not name the server we send through (or there is no SPF): colleagues' mail may fail too.
  'colleagues-spf-not-listed',
  // Whether the school's SPF names the server could not be told (macros, too many lookups, DNS errors).
  'colleagues-spf-unknown',
  // Outside senders' mail fails SPF after the forward and arrives only with their intact DKIM signature.
  'outside-dkim',
  // The school's DMARC asks receivers to reject or quarantine mail that fails: a forward that loses SPF and DKIM is refused.
  'dmarc-strict',
  // Why the copy kept in Mail2000 matters: a refused forward bounces to the sender, not to you.
  'keep-copy',
] as const;
const PolicyNoteCodeSchema = z.enum(POLICY_NOTE_CODES);
export type PolicyNoteCode = z.infer<typeof PolicyNoteCodeSchema>;

const PolicyNoteSchema = z.object({
  code: PolicyNoteCodeSchema,
  en: z.string().check(z.maxLength(600)),
  zh_TW: z.string().check(z.maxLength(600)),
});

/** A DNS failure's code (ENOTFOUND, ETIMEDOUT, …), when a record could not be read. */
const DnsErrorSchema = z.string().check(z.maxLength(64));
/** A TXT record as published, cut to a length any real one fits in. */
const RecordSchema = z.string().check(z.maxLength(1024));

const SpfSummarySchema = z.object({
  found: z.boolean(),
  record: z.optional(RecordSchema),
  /** What the record's last `all` says of everyone else: `-all` fail, `~all` softfail, `?all` neutral, `+all` pass. */
  all: z.optional(z.enum(['fail', 'softfail', 'neutral', 'pass'])),
  /** Whether the server we send through is among the senders the record names. */
  server: z.enum(['listed', 'not-listed', 'unknown']),
  error: z.optional(DnsErrorSchema),
});
export type SpfSummary = z.infer<typeof SpfSummarySchema>;

const DmarcSummarySchema = z.object({
  found: z.boolean(),
  record: z.optional(RecordSchema),
  policy: z.optional(z.enum(['none', 'quarantine', 'reject'])),
  subdomainPolicy: z.optional(z.enum(['none', 'quarantine', 'reject'])),
  /** pct=, the share of failing mail the policy applies to (100 when absent). */
  pct: z.optional(z.int().check(z.minimum(0), z.maximum(100))),
  error: z.optional(DnsErrorSchema),
});
export type DmarcSummary = z.infer<typeof DmarcSummarySchema>;

export const MailPolicySchema = z.object({
  /** The address's domain, whose records were read. */
  domain: HostnameSchema,
  /** The mail server the test sends through (checked against the SPF record). */
  host: z.union([HostnameSchema, z.literal('localhost')]),
  spf: SpfSummarySchema,
  dmarc: DmarcSummarySchema,
  notes: z.array(PolicyNoteSchema).check(z.maxLength(POLICY_NOTE_CODES.length)),
});
export type MailPolicy = z.infer<typeof MailPolicySchema>;
