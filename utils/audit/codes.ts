/**
 * The finding codes, in a zod-free module so content scripts can check replies with zod/mini
 * without bundling the classic schemas; schema.ts builds FindingCodeSchema from this list.
 */
export const FINDING_CODES = [
  'auth-denied',
  'dns',
  'ssl-mismatch',
  'wrong-port',
  'imap-port',
  'no-uidl',
  'max-accounts',
  'try-later',
  'network',
  'not-secure',
  'no-keep-copy',
  'no-label',
  'pop-retiring',
] as const;
