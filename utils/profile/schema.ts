/**
 * The person's Mail2000 profile: what the wizard is filled with and what the probe checks.
 * Defaults come from seedProfile(); storage, migrations and field-by-field repair: store.ts.
 */
import * as z from 'zod/mini';
import { DEFAULT_PORTS, GMAIL_POP_PORTS } from '@/contract/mail2000';
import { HostnameSchema, PortSchema } from '@/contract/fields';
import { seedProfile } from './seed';

const SEED = seedProfile();

export const PROFILE_VERSION = 1;
export const LABEL_MAX_CHARS = 225;

export const PopPortSchema = z.union([z.literal(GMAIL_POP_PORTS[0]), z.literal(GMAIL_POP_PORTS[1])]);

export const ServerPortsSchema = z.object({
  pop3: z._default(PortSchema, DEFAULT_PORTS.pop3),
  pop3s: z._default(PortSchema, DEFAULT_PORTS.pop3s),
  imap: z._default(PortSchema, DEFAULT_PORTS.imap),
  imaps: z._default(PortSchema, DEFAULT_PORTS.imaps),
  smtp: z._default(PortSchema, DEFAULT_PORTS.smtp),
  smtps: z._default(PortSchema, DEFAULT_PORTS.smtps),
  submission: z._default(PortSchema, DEFAULT_PORTS.submission),
});

/** An address or nothing yet: a fresh install has no address, which is not an error until saving. */
export const AddressSchema = z.union([z.literal(''), z.email()]);

/**
 * When and how the server was verified ("Find my server"): `helper`, a discovery from this computer
 * proved it; `known-site`, taken from the known-sites table, not verified here. It speaks for `host`
 * only: see verificationOf.
 */
export const VerificationSchema = z.object({
  /** Milliseconds since the epoch. */
  at: z.int().check(z.nonnegative()),
  how: z.enum(['helper', 'known-site']),
  host: HostnameSchema,
});
export type Verification = z.infer<typeof VerificationSchema>;

export const ProfileSchema = z.object({
  address: z._default(AddressSchema, SEED.address),
  /** Empty means "the part of the address before @" (see effectiveUsername). */
  username: z._default(z.string().check(z.maxLength(256)), SEED.username),
  host: z._default(HostnameSchema, SEED.host),
  /** 995 means SSL on connect; 110 means no SSL. Gmail offers no other choice. */
  popPort: z._default(PopPortSchema, SEED.popPort),
  keepCopy: z._default(z.boolean(), SEED.keepCopy),
  label: z._default(z.boolean(), SEED.label),
  labelName: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(LABEL_MAX_CHARS)), SEED.labelName),
  archive: z._default(z.boolean(), SEED.archive),
  sendAs: z._default(z.boolean(), SEED.sendAs),
  ports: z._default(ServerPortsSchema, () => ServerPortsSchema.parse({})),
  /** Absent for a server typed by hand or never checked. */
  verified: z.optional(VerificationSchema),
});
export type Profile = z.infer<typeof ProfileSchema>;

/**
 * The profile's verification while it is still about the profile's server; null otherwise ("not
 * verified"). A plain-text profile (110) is never verified, whatever is stored.
 */
export const verificationOf = (p: Profile): Verification | null =>
  p.verified && p.popPort !== 110 && p.verified.host === p.host.toLowerCase() ? p.verified : null;

export const defaultProfile = (): Profile => ProfileSchema.parse({});

export { effectiveUsername, seedProfile } from './seed';
