/**
 * The wire between the extension and the companion program, and the probe report: every shape
 * written once in zod/mini, validated on both sides, types inferred. See docs/architecture.md.
 */
import * as z from 'zod/mini';
import { CREDENTIAL_PROBLEM_TEXT, credentialProblem, problemField } from './credential';
import { HostnameSchema, PortSchema, ServiceSchema } from './fields';
import { DISCOVERY_LIMITS, PROTOCOL_VERSION, SEND_TEST_LIMITS } from './limits';
import { DiscoverCandidateSchema, DiscoverReportSchema } from './discovery';
import { HintSchema, StageSchema } from './stage';
import { MailPolicySchema } from './mail-policy';
import { SendStageSchema, SendTestReportSchema } from './send-test';
import { ADDRESS_PROBLEM_TEXT, addressProblem } from './send-test-rules';

export { HostnameSchema, PortSchema, ServiceSchema } from './fields';
export { MAX_REQUEST_BYTES, PROTOCOL_VERSION } from './limits';
const nonnegative = () => z.number().check(z.nonnegative());

export { HintSchema, type Hint, type Stage, type StageName } from './stage';

export const TlsInfoSchema = z.object({
  protocol: z.optional(z.string()),
  cipher: z.optional(z.string()),
  subject: z.optional(z.string()),
  san: z._default(z.array(z.string()), []),
  issuer: z.optional(z.string()),
  validFrom: z.optional(z.string()),
  validTo: z.optional(z.string()),
  daysLeft: z.optional(z.number()),
  trusted: z.boolean(),
  nameMatches: z.boolean(),
  /** The exact verification error when not trusted or the name does not match. */
  error: z.optional(z.string()),
});
export type TlsInfo = z.infer<typeof TlsInfoSchema>;

export const AuthOutcomeSchema = z.enum(['accepted', 'rejected', 'not-tried', 'refused-plain']);

export const ServiceResultSchema = z.object({
  service: ServiceSchema,
  port: PortSchema,
  ok: z.boolean(),
  ms: nonnegative(),
  stages: z.array(StageSchema),
  tls: z.optional(TlsInfoSchema),
  greeting: z.optional(z.string().check(z.maxLength(1024))),
  capabilities: z.optional(z.array(z.string().check(z.maxLength(256))).check(z.maxLength(200))),
  /** Why it failed, or what to watch (a warning) when it passed. */
  hint: z.optional(HintSchema),
  warnings: z._default(z.array(HintSchema), []),
  /** Outcome of the credential test when one was asked for on this service. */
  auth: z.optional(AuthOutcomeSchema),
});
export type ServiceResult = z.infer<typeof ServiceResultSchema>;

export const ProbeReportSchema = z.object({
  host: z.string(),
  ms: nonnegative(),
  results: z.array(ServiceResultSchema),
});
export type ProbeReport = z.infer<typeof ProbeReportSchema>;

// Requests are strict: a misspelled key (`port` for `ports`) must be refused, not silently
// probed with the defaults.
// Lengths and characters are checked by the one rule (credentialProblem, limits in limits.ts) that
// the popup and the CLI apply too, so every side refuses the same credentials with the same words.
export const CredentialSchema = z
  .strictObject({
    user: z.string(),
    /** Sent once for a login test over TLS; never stored, logged or echoed by either side. */
    password: z.string(),
  })
  .check(
    z.superRefine((c, ctx) => {
      const problem = credentialProblem(c.user, c.password);
      // The message names the rule, never the value: replies quote it.
      if (problem) ctx.addIssue({ code: 'custom', message: CREDENTIAL_PROBLEM_TEXT[problem].en, path: [problemField(problem)] });
    }),
  );

/** Which services on which ports: shared by the host request and the popup's start message. */
export const PortsSchema = z.partialRecord(ServiceSchema, PortSchema);
export const OnlySchema = z.array(ServiceSchema).check(z.minLength(1));

/* ---------- extension -> host ---------- */

export const HelloRequestSchema = z.strictObject({ type: z.literal('hello') });
export const ProbeRequestSchema = z.strictObject({
  type: z.literal('probe'),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  host: HostnameSchema,
  ports: z.optional(PortsSchema),
  only: z.optional(OnlySchema),
  timeoutMs: z.optional(z.int().check(z.minimum(500), z.maximum(60_000))),
  credential: z.optional(CredentialSchema),
});
export type ProbeRequest = z.infer<typeof ProbeRequestSchema>;

/**
 * Server discovery for one domain: the host derives the candidate names itself (never a name from
 * the request), probes only mail ports (plus ports its allow-list names for that very domain), and
 * never sends a credential.
 */
export const DiscoverRequestSchema = z.strictObject({
  type: z.literal('discover'),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  domain: HostnameSchema,
  ports: z.optional(PortsSchema),
  timeoutMs: z.optional(z.int().check(z.minimum(DISCOVERY_LIMITS.minTimeoutMs), z.maximum(DISCOVERY_LIMITS.maxTimeoutMs))),
});
export type DiscoverRequest = z.infer<typeof DiscoverRequestSchema>;

/** An address the forwarding test sends from and to; the message names the rule, never the value. */
const TestAddressSchema = z.string().check(
  z.superRefine((a, ctx) => {
    const problem = addressProblem(a);
    if (problem) ctx.addIssue({ code: 'custom', message: ADDRESS_PROBLEM_TEXT[problem].en });
  }),
);

/** The ports a forwarding test may use: sending on 465 or 587, the kept copy on 993 or 995. */
const SendPortsSchema = z.strictObject({
  smtps: z.optional(PortSchema),
  submission: z.optional(PortSchema),
  imaps: z.optional(PortSchema),
  pop3s: z.optional(PortSchema),
});

/**
 * The forwarding test: one message from `address` to `address` through the school's own server,
 * logged in with the person's credential over TLS (never stored or echoed), then, with
 * `checkCopy`, the inbox's newest headers watched for the kept copy. `host` defaults to the known
 * Mail2000 site of the address's domain; host and ports must be on the helper's allow-list.
 */
export const SendTestRequestSchema = z.strictObject({
  type: z.literal('send-test'),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  address: TestAddressSchema,
  host: z.optional(HostnameSchema),
  ports: z.optional(SendPortsSchema),
  credential: CredentialSchema,
  checkCopy: z.optional(z.boolean()),
  timeoutMs: z.optional(z.int().check(z.minimum(SEND_TEST_LIMITS.minTimeoutMs), z.maximum(SEND_TEST_LIMITS.maxTimeoutMs))),
});
export type SendTestRequest = z.infer<typeof SendTestRequestSchema>;

/** The school domain's SPF and DMARC, read from DNS before a test starts (no connection to any mail server). */
export const MailPolicyRequestSchema = z.strictObject({
  type: z.literal('mail-policy'),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  address: TestAddressSchema,
  host: z.optional(HostnameSchema),
});
export type MailPolicyRequest = z.infer<typeof MailPolicyRequestSchema>;

export const HostRequestSchema = z.discriminatedUnion('type', [
  HelloRequestSchema,
  ProbeRequestSchema,
  DiscoverRequestSchema,
  SendTestRequestSchema,
  MailPolicyRequestSchema,
]);
export type HostRequest = z.infer<typeof HostRequestSchema>;

/* ---------- host -> extension ---------- */

export const HelloReplySchema = z.object({
  type: z.literal('hello'),
  version: z.literal(PROTOCOL_VERSION),
  helperVersion: z.string(),
  allow: z.array(z.string()),
});
export const ResultReplySchema = z.object({ type: z.literal('result'), id: z.string(), result: ServiceResultSchema });
export const SummaryReplySchema = z.object({
  type: z.literal('summary'),
  id: z.string(),
  host: z.string(),
  ms: nonnegative(),
  ok: z.boolean(),
});
/** A discovery's names and addresses, before any probe. */
export const CandidatesReplySchema = z.object({
  type: z.literal('candidates'),
  id: z.string(),
  candidates: z.array(DiscoverCandidateSchema).check(z.maxLength(DISCOVERY_LIMITS.candidates)),
});
/** One service of one discovery candidate, as it finishes. */
export const CandidateResultReplySchema = z.object({
  type: z.literal('candidate-result'),
  id: z.string(),
  host: HostnameSchema,
  result: ServiceResultSchema,
});
/** The end of a discovery: the ranked report. */
export const DiscoveredReplySchema = z.object({ type: z.literal('discovered'), id: z.string(), report: DiscoverReportSchema });
/** One stage of a forwarding test, as it finishes. */
export const SendStageReplySchema = z.object({ type: z.literal('send-stage'), id: z.string(), stage: SendStageSchema });
/** The end of a forwarding test: its report. */
export const SendReportReplySchema = z.object({ type: z.literal('send-report'), id: z.string(), report: SendTestReportSchema });
export const MailPolicyReplySchema = z.object({ type: z.literal('mail-policy'), id: z.string(), policy: MailPolicySchema });
export const ErrorCodeSchema = z.enum(['bad-json', 'bad-request', 'too-large', 'not-allowed', 'busy', 'rate-limited', 'internal']);
export const ErrorReplySchema = z.object({
  type: z.literal('error'),
  id: z.optional(z.string()),
  code: ErrorCodeSchema,
  message: z.string(),
});
export const HostReplySchema = z.discriminatedUnion('type', [
  HelloReplySchema,
  ResultReplySchema,
  SummaryReplySchema,
  CandidatesReplySchema,
  CandidateResultReplySchema,
  DiscoveredReplySchema,
  SendStageReplySchema,
  SendReportReplySchema,
  MailPolicyReplySchema,
  ErrorReplySchema,
]);
export type HostReply = z.infer<typeof HostReplySchema>;
