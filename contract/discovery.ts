/**
 * Server discovery: from an address's domain to ranked, probed mail server candidates. The report
 * (`m2k-probe discover --json`, the native host's `discovered` frame, the options page) is written
 * once here in zod/mini; the reasons come in both languages from the program that ranked them.
 */
import * as z from 'zod/mini';
import { HostnameSchema, PortSchema, ServiceSchema } from './fields';
import { DISCOVERY_LIMITS } from './limits';
import { MAX_ADDRESS_TEXT, isIpAddress } from './address';

const nonnegative = () => z.number().check(z.nonnegative());

/** Where a candidate name came from. */
export const CANDIDATE_SOURCES = ['domain', 'prefix', 'parent', 'mx', 'known'] as const;
export const CandidateSourceSchema = z.enum(CANDIDATE_SOURCES);

/** Any form DNS or the system's resolver can give: dotted IPv4, IPv6 with :: or a dotted quad, a zone. */
export const IpAddressSchema = z.string().check(z.maxLength(MAX_ADDRESS_TEXT), z.refine(isIpAddress, 'not an IP address'));

/** Why an address was not connected to (contract/address.ts): `loopback` unless the tests' switch allows it. */
export const SKIP_REASONS = ['loopback', 'unspecified', 'link-local', 'multicast', 'broadcast', 'reserved'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export const SkippedAddressSchema = z.object({ address: IpAddressSchema, reason: z.enum(SKIP_REASONS) });
export type SkippedAddress = z.infer<typeof SkippedAddressSchema>;

export const DiscoverCandidateSchema = z.object({
  host: HostnameSchema,
  sources: z.array(CandidateSourceSchema).check(z.minLength(1), z.maxLength(CANDIDATE_SOURCES.length)),
  addresses: z.array(IpAddressSchema).check(z.maxLength(DISCOVERY_LIMITS.addressesPerName * 2)),
  /** Other candidate names with the same address: not probed again. */
  aliases: z.array(HostnameSchema).check(z.maxLength(DISCOVERY_LIMITS.candidates)),
  /** Why the name was not probed (ENOTFOUND, ETIMEDOUT, …) when it did not resolve. */
  dns: z.optional(z.string().check(z.maxLength(64))),
  /** Addresses the name resolved to that were never connected to, each with its class. */
  skipped: z._default(z.array(SkippedAddressSchema).check(z.maxLength(DISCOVERY_LIMITS.addressesPerName * 2)), []),
  /** The probed addresses that are private: inside this network, perhaps not what Google sees. */
  inside: z._default(z.array(IpAddressSchema).check(z.maxLength(DISCOVERY_LIMITS.addressesPerName * 2)), []),
});
export type DiscoverCandidate = z.infer<typeof DiscoverCandidateSchema>;

export const REASON_CODES = [
  'tls-implicit',
  'pop3s-silent',
  'tls-starttls',
  'tls-none',
  'cert-ok',
  'cert-bad',
  'uidl',
  'no-uidl',
  'mail2000',
  'own-domain',
  'other-domain',
  'no-pop',
  'inside-network',
  'services',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** One line of "why this rank", in both languages; `good` says whether it counted for or against. */
export const DiscoverReasonSchema = z.object({
  code: z.enum(REASON_CODES),
  good: z.boolean(),
  en: z.string().check(z.maxLength(400)),
  zh_TW: z.string().check(z.maxLength(400)),
});
export type DiscoverReason = z.infer<typeof DiscoverReasonSchema>;

/** What one service of a candidate showed, reduced to what the ranking uses. */
export const ServiceFactsSchema = z.object({
  service: ServiceSchema,
  port: PortSchema,
  /** Every stage passed. */
  ok: z.boolean(),
  /** The server greeted (it is a mail server of that protocol, whatever else failed). */
  answered: z.boolean(),
  tls: z.enum(['implicit', 'starttls', 'none']),
  /** TLS with a certificate that is trusted and names the host. */
  certOk: z.boolean(),
  uidl: z.optional(z.boolean()),
  mail2000: z.boolean(),
  /** The failed stage's code (ECONNREFUSED, CERT_HAS_EXPIRED, ETIMEDOUT, …). */
  code: z.optional(z.string().check(z.maxLength(64))),
});
export type ServiceFacts = z.infer<typeof ServiceFactsSchema>;

export const DiscoverChoiceSchema = z.object({
  host: HostnameSchema,
  rank: z.int().check(z.minimum(1)),
  score: z.int().check(z.nonnegative()),
  /**
   * What Gmail's POP fetch should use: always POP3 with SSL on connect (Gmail's 995), never plain
   * text. `reached` is false when POP3 answered here only without SSL: the SSL port did not answer
   * from this network, which says nothing about Google's. Absent when no POP3 answered at all.
   */
  pop: z.optional(z.object({ port: PortSchema, ssl: z.literal(true), reached: z._default(z.boolean(), true) })),
  /** The ports that were probed for each service (the profile's seven ports). */
  ports: z.record(ServiceSchema, PortSchema),
  services: z.array(ServiceFactsSchema).check(z.maxLength(7)),
  reasons: z.array(DiscoverReasonSchema).check(z.maxLength(REASON_CODES.length)),
  mail2000: z.boolean(),
  ownDomain: z.boolean(),
  /** Probed at an address inside this network (campus DNS): Google may see another one. */
  inside: z._default(z.boolean(), false),
});
export type DiscoverChoice = z.infer<typeof DiscoverChoiceSchema>;

export const DiscoverReportSchema = z.object({
  domain: HostnameSchema,
  ms: nonnegative(),
  timeoutMs: z.int().check(z.minimum(DISCOVERY_LIMITS.minTimeoutMs), z.maximum(DISCOVERY_LIMITS.maxTimeoutMs)),
  candidates: z.array(DiscoverCandidateSchema).check(z.maxLength(DISCOVERY_LIMITS.candidates)),
  /** Candidates where at least one service answered, best first. */
  choices: z.array(DiscoverChoiceSchema).check(z.maxLength(DISCOVERY_LIMITS.candidates)),
  best: z.optional(HostnameSchema),
});
export type DiscoverReport = z.infer<typeof DiscoverReportSchema>;

/** The known-sites table (contract/mail2000-sites.json): every entry names its public source. */
export const KnownSiteSchema = z.strictObject({
  /** The address domain the entry is for; subdomains match too (stu.example.edu.tw for example.edu.tw). */
  domain: HostnameSchema,
  host: HostnameSchema,
  /**
   * 995 when the source says POP3 with SSL works there; absent when it does not say. Never 110:
   * what we propose to Gmail is never plain text, whatever a page says.
   */
  popPort: z.optional(z.literal(995)),
  source: z.url({ protocol: /^https?$/ }),
  /** What the source shows, in a few words. */
  note: z.string().check(z.minLength(1), z.maxLength(300)),
});
export const KnownSitesFileSchema = z.strictObject({
  version: z.literal(1),
  sites: z.array(KnownSiteSchema).check(z.minLength(1), z.maxLength(500)),
});
