/**
 * The person's Mail2000 profile: what the wizard is filled with and what the probe checks.
 * Defaults come from the seed (utils/mail2000.ts). Storage and migrations: utils/profile-store.ts.
 */
import { z } from 'zod';
import { DEFAULT_PORTS, GMAIL_POP_PORTS, PortSchema } from '@/contract/mail2000-schemas';
import { HostnameSchema } from '@/contract/protocol';
import { seedProfile } from './seed';

const SEED = seedProfile();

export const PROFILE_VERSION = 1;

export const PopPortSchema = z.union([z.literal(GMAIL_POP_PORTS[0]), z.literal(GMAIL_POP_PORTS[1])]);

export const ServerPortsSchema = z.object({
  pop3: PortSchema.default(DEFAULT_PORTS.pop3),
  pop3s: PortSchema.default(DEFAULT_PORTS.pop3s),
  imap: PortSchema.default(DEFAULT_PORTS.imap),
  imaps: PortSchema.default(DEFAULT_PORTS.imaps),
  smtp: PortSchema.default(DEFAULT_PORTS.smtp),
  smtps: PortSchema.default(DEFAULT_PORTS.smtps),
  submission: PortSchema.default(DEFAULT_PORTS.submission),
});

/** An address or nothing yet: a fresh install has no address, which is not an error until saving. */
export const AddressSchema = z.union([z.literal(''), z.email()]);

export const ProfileSchema = z.object({
  address: AddressSchema.default(SEED.address),
  /** Empty means "the part of the address before @" (see effectiveUsername). */
  username: z.string().max(256).default(SEED.username),
  host: HostnameSchema.default(SEED.host),
  /** 995 means SSL on connect; 110 means no SSL. Gmail offers no other choice. */
  popPort: PopPortSchema.default(SEED.popPort),
  keepCopy: z.boolean().default(SEED.keepCopy),
  label: z.boolean().default(SEED.label),
  labelName: z.string().trim().min(1).max(225).default(SEED.labelName),
  archive: z.boolean().default(SEED.archive),
  sendAs: z.boolean().default(SEED.sendAs),
  ports: ServerPortsSchema.default(() => ServerPortsSchema.parse({})),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const defaultProfile = (): Profile => ProfileSchema.parse({});

// Defined in a zod-free module so content scripts can use them without bundling the schemas above.
export { effectiveUsername, popUsesSsl, seedProfile } from './seed';
