/**
 * The forwarding test's report (`m2k-probe send-test --json`, the native host's `send-report`
 * frame) and its stages, written once in zod/mini. A stage has the shape `check` reports
 * (StageSchema) plus the service and port of the connection it belongs to, and a few names of its
 * own: `envelope` (MAIL FROM and RCPT TO), `data` (the message), `select` (opening the inbox
 * read-only) and `watch` (looking at the newest headers until the copy or a bounce shows up).
 */
import * as z from 'zod/mini';
import { HostnameSchema, PortSchema } from './fields';
import { HintSchema, StageSchema } from './stage';
import { MailPolicySchema } from './mail-policy';
import { MAX_ADDRESS_LENGTH, TOKEN_RE } from './send-test-rules';

const nonnegative = () => z.number().check(z.nonnegative());

export const SEND_STAGE_NAMES = [
  'dns',
  'tcp',
  'tls',
  'greeting',
  'capabilities',
  'starttls',
  'auth',
  'envelope',
  'data',
  'select',
  'watch',
  'quit',
] as const;
const SendStageNameSchema = z.enum(SEND_STAGE_NAMES);
export type SendStageName = z.infer<typeof SendStageNameSchema>;

/** Sending goes through 465 (implicit TLS) or 587 (STARTTLS); the kept copy is looked for over 993, else 995. */
const SubmitServiceSchema = z.enum(['smtps', 'submission']);
const CopyServiceSchema = z.enum(['imaps', 'pop3s']);
const SendServiceSchema = z.enum(['smtps', 'submission', 'imaps', 'pop3s']);
export type SendService = z.infer<typeof SendServiceSchema>;

export const SendStageSchema = z.extend(StageSchema, {
  name: SendStageNameSchema,
  service: SendServiceSchema,
  port: PortSchema,
});
export type SendStage = z.infer<typeof SendStageSchema>;

/**
 * How the send ended:
 * - `accepted`: the server took the message for delivery;
 * - `auth-rejected`: the user name or password was refused;
 * - `refused`: the server would not take a login or the message from here (a refusing greeting, no
 *   login offered, the sender or recipient refused: some schools accept only campus addresses);
 * - `unreachable`: neither 465 nor 587 answered from this network;
 * - `no-tls`: the server offers no encryption, so nothing was sent (the password least of all);
 * - `certificate`: the server's certificate did not verify, so no password was sent;
 * - `failed`: anything else (a broken or late answer).
 */
export const SEND_OUTCOMES = ['accepted', 'auth-rejected', 'refused', 'unreachable', 'no-tls', 'certificate', 'failed'] as const;
const SendOutcomeSchema = z.enum(SEND_OUTCOMES);
export type SendOutcome = z.infer<typeof SendOutcomeSchema>;

/** A server's refusal, as far as it can be told without quoting its words back into a login's answer. */
const RefusalSchema = z.object({
  stage: SendStageNameSchema,
  /** The SMTP reply code (554, 550, …), when there was one. */
  reply: z.optional(z.int().check(z.minimum(100), z.maximum(599))),
  /** The enhanced status code (5.7.1, …), when the reply had one. */
  status: z.optional(z.string().check(z.regex(/^[245]\.\d{1,3}\.\d{1,3}$/))),
  /** The server's text, with every echo of the password hidden and cut to 300 characters. Never for a login's answer. */
  detail: z.optional(z.string().check(z.maxLength(320))),
});
export type Refusal = z.infer<typeof RefusalSchema>;

/** What to send by hand from the webmail when the helper could not: the Gmail side watches for this subject. */
const ManualSendSchema = z.object({
  to: z.string().check(z.maxLength(MAX_ADDRESS_LENGTH)),
  subject: z.string().check(z.maxLength(200)),
});

/** The kept copy in the Mail2000 inbox (`--check-copy`). */
const CopySchema = z.object({
  found: z.boolean(),
  /** From the message's acceptance to the copy being seen; or how long it was looked for. */
  ms: nonnegative(),
  via: CopyServiceSchema,
  /** How many times the newest headers were read. */
  looks: z.int().check(z.nonnegative()),
  /** Why looking stopped early (the login was refused, the server went away, …). */
  code: z.optional(z.string().check(z.maxLength(64))),
});
export type Copy = z.infer<typeof CopySchema>;

/** A delivery status notification that names the token: the next server refused the forward. */
const BounceSchema = z.object({
  /** The DSN's Status: field (5.7.26, …) when readable. */
  status: z.optional(z.string().check(z.regex(/^[245]\.\d{1,3}\.\d{1,3}$/))),
  /** The remote server's reply code from the Diagnostic-Code field, when readable. */
  reply: z.optional(z.int().check(z.minimum(100), z.maximum(599))),
  /** The Diagnostic-Code text, redacted and cut like a server's text. */
  detail: z.optional(z.string().check(z.maxLength(320))),
  /** The refused recipient (Final-Recipient), when given: the forwarding target. */
  recipient: z.optional(z.string().check(z.maxLength(MAX_ADDRESS_LENGTH + 16))),
});
export type Bounce = z.infer<typeof BounceSchema>;

export const SendTestReportSchema = z.object({
  address: z.string().check(z.maxLength(MAX_ADDRESS_LENGTH)),
  host: z.union([HostnameSchema, z.literal('localhost')]),
  /** Why this host: named by the caller, or the known Mail2000 site of the address's domain. */
  hostSource: z.enum(['given', 'known-site']),
  token: z.string().check(z.regex(TOKEN_RE)),
  /** The subject, with the token's tag in it (contract/send-test-rules.ts). */
  subject: z.string().check(z.maxLength(200)),
  sent: z.boolean(),
  outcome: SendOutcomeSchema,
  /** Which port took the message. */
  via: z.optional(z.object({ service: SubmitServiceSchema, port: PortSchema })),
  /** The whole test, including the look for the copy. */
  ms: nonnegative(),
  /** From the start to the server's acceptance of the message. */
  sendMs: z.optional(nonnegative()),
  stages: z.array(SendStageSchema).check(z.maxLength(200)),
  refusal: z.optional(RefusalSchema),
  /** Offered whenever the helper could not send (except for a refused password). */
  manualSend: z.optional(ManualSendSchema),
  copy: z.optional(CopySchema),
  bounce: z.optional(BounceSchema),
  policy: z.optional(MailPolicySchema),
  /** What happened and what to do, in both languages; `code` is the outcome or `copy-missing` / `bounced`. */
  hint: HintSchema,
});
export type SendTestReport = z.infer<typeof SendTestReportSchema>;
