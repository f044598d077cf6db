/**
 * Messages between the extension and the companion program (native messaging host), and the
 * probe report the command line prints with --json. Shared by the extension and helper/:
 * the types come from these schemas, and both sides validate what they receive.
 */
import { z } from 'zod';
import { PortSchema, ServiceSchema } from './mail2000-schemas';
import { HOSTNAME_RE, PROTOCOL_VERSION } from './limits';

export { HOSTNAME_RE, MAX_REPLY_BYTES, MAX_REQUEST_BYTES, PROTOCOL_VERSION } from './limits';

/** A plain-language hint in both languages; `code` is stable for tests and for mapping. */
export const HintSchema = z.object({
  code: z.string().min(1).max(64),
  en: z.string(),
  zh_TW: z.string(),
});
export type Hint = z.infer<typeof HintSchema>;

export const StageNameSchema = z.enum(['dns', 'tcp', 'tls', 'greeting', 'capabilities', 'starttls', 'auth', 'quit']);
export type StageName = z.infer<typeof StageNameSchema>;

export const StageSchema = z.object({
  name: StageNameSchema,
  ok: z.boolean(),
  ms: z.number().nonnegative(),
  /** Node's own error code (ECONNREFUSED, CERT_HAS_EXPIRED ...) or ours (ETIMEDOUT, WRONG_PROTOCOL ...). */
  code: z.string().optional(),
  detail: z.string().optional(),
});
export type Stage = z.infer<typeof StageSchema>;

export const TlsInfoSchema = z.object({
  protocol: z.string().optional(),
  cipher: z.string().optional(),
  subject: z.string().optional(),
  san: z.array(z.string()).default([]),
  issuer: z.string().optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  daysLeft: z.number().optional(),
  trusted: z.boolean(),
  nameMatches: z.boolean(),
  /** The exact verification error when not trusted or the name does not match. */
  error: z.string().optional(),
});
export type TlsInfo = z.infer<typeof TlsInfoSchema>;

export const ServiceResultSchema = z.object({
  service: ServiceSchema,
  port: PortSchema,
  ok: z.boolean(),
  ms: z.number().nonnegative(),
  stages: z.array(StageSchema),
  tls: TlsInfoSchema.optional(),
  greeting: z.string().max(1024).optional(),
  capabilities: z.array(z.string().max(256)).max(200).optional(),
  /** Why it failed, or what to watch (a warning) when it passed. */
  hint: HintSchema.optional(),
  warnings: z.array(HintSchema).default([]),
  /** Outcome of the credential test when one was asked for on this service. */
  auth: z.enum(['accepted', 'rejected', 'not-tried', 'refused-plain']).optional(),
});
export type ServiceResult = z.infer<typeof ServiceResultSchema>;

export const ProbeReportSchema = z.object({
  host: z.string(),
  ms: z.number().nonnegative(),
  results: z.array(ServiceResultSchema),
});
export type ProbeReport = z.infer<typeof ProbeReportSchema>;

export const HostnameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(HOSTNAME_RE, 'not a host name');

// Requests are strict: a misspelled key (`port` for `ports`) must be refused, not silently
// probed with the defaults.
export const CredentialSchema = z.strictObject({
  user: z.string().min(1).max(256),
  /** Sent once for a login test over TLS; never stored, logged or echoed by either side. */
  password: z.string().min(1).max(1024),
});

/* ---------- extension -> host ---------- */

export const HelloRequestSchema = z.strictObject({ type: z.literal('hello') });
export const ProbeRequestSchema = z.strictObject({
  type: z.literal('probe'),
  id: z.string().min(1).max(64),
  host: HostnameSchema,
  ports: z.partialRecord(ServiceSchema, PortSchema).optional(),
  only: z.array(ServiceSchema).min(1).optional(),
  timeoutMs: z.number().int().min(500).max(60_000).optional(),
  credential: CredentialSchema.optional(),
});
export type ProbeRequest = z.infer<typeof ProbeRequestSchema>;

export const HostRequestSchema = z.discriminatedUnion('type', [HelloRequestSchema, ProbeRequestSchema]);
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
  ms: z.number().nonnegative(),
  ok: z.boolean(),
});
export const ErrorCodeSchema = z.enum(['bad-json', 'bad-request', 'too-large', 'not-allowed', 'busy', 'internal']);
export const ErrorReplySchema = z.object({
  type: z.literal('error'),
  id: z.string().optional(),
  code: ErrorCodeSchema,
  message: z.string(),
});
export const HostReplySchema = z.discriminatedUnion('type', [
  HelloReplySchema,
  ResultReplySchema,
  SummaryReplySchema,
  ErrorReplySchema,
]);
export type HostReply = z.infer<typeof HostReplySchema>;
