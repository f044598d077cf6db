/**
 * What the settings audit produces: the fetch-account rows read from Gmail's Accounts and Import
 * page and the findings derived from them. Stored by the background, shown by panel and popup.
 */
import { z } from 'zod';

import { FINDING_CODES } from './codes';

export { FINDING_CODES };
export const FindingCodeSchema = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCodeSchema>;

export const FindingSchema = z.object({
  code: FindingCodeSchema,
  severity: z.enum(['error', 'warn', 'info']),
  /** The fetch account the finding is about; absent for page-wide findings. */
  account: z.string().max(320).optional(),
  /** Gmail's own text that led to the finding, when there was one (never a password). */
  evidence: z.string().max(500).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const FetchAccountSchema = z.object({
  address: z.string().max(320),
  status: z.string().max(1000),
  lastChecked: z.string().max(200).optional(),
  error: z.string().max(1000).optional(),
  isMail2000: z.boolean(),
});
export type FetchAccount = z.infer<typeof FetchAccountSchema>;

export const AuditSchema = z.object({
  at: z.number().int().nonnegative(),
  pageState: z.enum(['available', 'closed', 'gone']),
  accounts: z.array(FetchAccountSchema).max(10),
  findings: z.array(FindingSchema).max(100),
});
export type Audit = z.infer<typeof AuditSchema>;
