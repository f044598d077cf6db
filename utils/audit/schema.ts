/**
 * What the settings audit produces: the fetch-account rows read from Gmail's Accounts and Import
 * page and the findings derived from them. Judged and stored by the background, shown by panel and popup.
 */
import * as z from 'zod/mini';
import { FINDING_CODES } from './codes';
import { HostnameSchema } from '@/contract/fields';

export { FINDING_CODES };
export const FindingCodeSchema = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCodeSchema>;

/** Longest address an account row may carry (RFC 5321's path limit); the panel leaves an account with a longer one out of its audit. */
export const MAX_ADDRESS_CHARS = 320;

export const FindingSchema = z.object({
  code: FindingCodeSchema,
  severity: z.enum(['error', 'warn', 'info']),
  /** The fetch account the finding is about; absent for page-wide findings. */
  account: z.optional(z.string().check(z.maxLength(MAX_ADDRESS_CHARS))),
  /** Gmail's own text that led to the finding, when there was one (never a password). */
  evidence: z.optional(z.string().check(z.maxLength(500))),
});
export type Finding = z.infer<typeof FindingSchema>;

export const FetchAccountSchema = z.object({
  address: z.string().check(z.maxLength(MAX_ADDRESS_CHARS)),
  status: z.string().check(z.maxLength(1000)),
  lastChecked: z.optional(z.string().check(z.maxLength(200))),
  error: z.optional(z.string().check(z.maxLength(1000))),
  isMail2000: z.boolean(),
});
export type FetchAccount = z.infer<typeof FetchAccountSchema>;

/** The states of Gmail's Accounts and Import that are judged and saved; the panel's reader adds two it never saves (panel/reader.ts). */
export const PageStateSchema = z.enum(['available', 'closed', 'gone']);
export type PageState = z.infer<typeof PageStateSchema>;

const pageRead = {
  at: z.int().check(z.nonnegative()),
  pageState: PageStateSchema,
  accounts: z.array(FetchAccountSchema).check(z.maxLength(10)),
};

/** What the panel read from the page: the background judges it (audit/rules.ts) into an Audit. */
export const PageReadSchema = z.object(pageRead);
export type PageRead = z.infer<typeof PageReadSchema>;

export const AuditSchema = z.object({ ...pageRead, findings: z.array(FindingSchema).check(z.maxLength(100)) });
export type Audit = z.infer<typeof AuditSchema>;

/**
 * A fetch account on a known Mail2000 site (contract/mail2000-sites.json) other than the profile's
 * server: the panel offers to take that site's settings ("Find my server" for the address).
 */
export const SiteOfferSchema = z.object({ address: z.string().check(z.maxLength(MAX_ADDRESS_CHARS)), host: HostnameSchema });
export type SiteOffer = z.infer<typeof SiteOfferSchema>;
