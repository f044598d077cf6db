/**
 * The popup's checks of what the background sends, in zod/mini. The classic schemas
 * (probe-port.ts over protocol.ts) are what the background validates with; classic zod costs
 * ~25 kB gzip and would put the popup over its 40 kB budget, so the popup validates the same shapes
 * here. tests/unit/probe-port.test.ts runs the same messages through both and requires the same
 * verdicts, and the type assertions at the bottom fail the build if the shapes drift apart.
 */
import * as z from 'zod/mini';
import { SERVICES } from './mail2000-facts';
import { FINDING_CODES } from './audit/codes';
import type { Audit } from './audit/schema';
import type { ServiceResult } from './protocol';
import type { BackgroundToPage } from './probe-port';

export const PROBE_PORT_NAME = 'm2k-probe';

/** Longest a run may take before the background gives up and says so (the host has its own, shorter timeout). */
export const RUN_DEADLINE_MS = 45_000;

/** Messages after which the run is over and the port is closed by the background. */
export const isFinal = (m: { type: string }): boolean => m.type === 'summary' || m.type === 'helper-missing' || m.type === 'error';

const nonneg = () => z.number().check(z.nonnegative());
const Port = z.number().check(z.int(), z.minimum(1), z.maximum(65535));

const Hint = z.object({ code: z.string().check(z.minLength(1), z.maxLength(64)), en: z.string(), zh_TW: z.string() });
const Stage = z.object({
  name: z.enum(['dns', 'tcp', 'tls', 'greeting', 'capabilities', 'starttls', 'auth', 'quit']),
  ok: z.boolean(),
  ms: nonneg(),
  code: z.optional(z.string()),
  detail: z.optional(z.string()),
});
const Tls = z.object({
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
  error: z.optional(z.string()),
});
export const ServiceResultMini = z.object({
  service: z.enum(SERVICES),
  port: Port,
  ok: z.boolean(),
  ms: nonneg(),
  stages: z.array(Stage),
  tls: z.optional(Tls),
  greeting: z.optional(z.string().check(z.maxLength(1024))),
  capabilities: z.optional(z.array(z.string().check(z.maxLength(256))).check(z.maxLength(200))),
  hint: z.optional(Hint),
  warnings: z._default(z.array(Hint), []),
  auth: z.optional(z.enum(['accepted', 'rejected', 'not-tried', 'refused-plain'])),
});

const detail = () => z.string().check(z.maxLength(2000));
export const BackgroundToPageMini = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), id: z.string(), helperVersion: z.string() }),
  z.object({ type: z.literal('result'), id: z.string(), result: ServiceResultMini }),
  z.object({
    type: z.literal('summary'),
    id: z.string(),
    host: z.string(),
    ms: nonneg(),
    ok: z.boolean(),
    historyId: z.optional(z.number().check(z.int())),
  }),
  z.object({ type: z.literal('helper-missing'), reason: z.enum(['not-installed', 'forbidden', 'host-not-allowed']), detail: detail() }),
  z.object({ type: z.literal('error'), reason: z.enum(['crash', 'timeout', 'busy', 'bad-reply', 'internal', 'bad-request']), detail: detail() }),
]);

const Finding = z.object({
  code: z.enum(FINDING_CODES),
  severity: z.enum(['error', 'warn', 'info']),
  account: z.optional(z.string().check(z.maxLength(320))),
  evidence: z.optional(z.string().check(z.maxLength(500))),
});
const FetchAccount = z.object({
  address: z.string().check(z.maxLength(320)),
  status: z.string().check(z.maxLength(1000)),
  lastChecked: z.optional(z.string().check(z.maxLength(200))),
  error: z.optional(z.string().check(z.maxLength(1000))),
  isMail2000: z.boolean(),
});
export const AuditReplyMini = z.object({
  audit: z.nullable(
    z.object({
      at: z.number().check(z.int(), z.nonnegative()),
      pageState: z.enum(['available', 'closed', 'gone']),
      accounts: z.array(FetchAccount).check(z.maxLength(10)),
      findings: z.array(Finding).check(z.maxLength(100)),
    }),
  ),
});

/* Compile-time: the mini shapes must produce exactly the classic types (both directions). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameResult: Same<z.infer<typeof ServiceResultMini>, ServiceResult> = true;
const sameMessage: Same<z.infer<typeof BackgroundToPageMini>, BackgroundToPage> = true;
const sameAudit: Same<NonNullable<z.infer<typeof AuditReplyMini>['audit']>, Audit> = true;
void [sameResult, sameMessage, sameAudit];
