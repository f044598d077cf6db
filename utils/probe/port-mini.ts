/**
 * The popup's checks of what the background sends, in zod/mini. The classic schemas
 * (probe-port.ts over protocol.ts) are what the background validates with; classic zod costs
 * ~25 kB gzip and would put the popup over its 40 kB budget, so the popup validates the same shapes
 * here (the service result from utils/protocol-mini.ts, shared with the native host).
 * tests/unit/probe-port.test.ts runs the same messages through both and requires the same
 * verdicts, and the type assertions at the bottom fail the build if the shapes drift apart.
 */
import * as z from 'zod/mini';
import { FINDING_CODES } from '../audit/codes';
import type { Audit } from '../audit/schema';
import type { BackgroundToPage } from './port';
import { miniServiceResult, nonneg, type Same } from '@/contract/protocol-mini';

export const PROBE_PORT_NAME = 'm2k-probe';

/** Longest a run may take before the background gives up and says so (the host has its own, shorter timeout). */
export const RUN_DEADLINE_MS = 45_000;

/** Messages after which the run is over and the port is closed by the background. */
export const isFinal = (m: { type: string }): boolean => m.type === 'summary' || m.type === 'helper-missing' || m.type === 'error';

/** One service's result: the shape the native host checks too (utils/protocol-mini.ts). */
export const ServiceResultMini = /* @__PURE__ */ miniServiceResult();

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

/* Compile-time: the mini shapes must produce exactly the classic types (both directions; the
   service result's check is in utils/protocol-mini.ts). */
const sameMessage: Same<z.infer<typeof BackgroundToPageMini>, BackgroundToPage> = true;
const sameAudit: Same<NonNullable<z.infer<typeof AuditReplyMini>['audit']>, Audit> = true;
void [sameMessage, sameAudit];
