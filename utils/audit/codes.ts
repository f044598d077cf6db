/** The finding codes, zod-free (docs/architecture.md, "Add a finding code"); schema.ts builds the enum from them. */
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
  // Mail2000's auto-forward (utils/forward/rules.ts).
  'forward-off',
  'forward-elsewhere',
  'forward-no-copy',
  'forward-ended',
  'forward-ending',
  'forward-many',
] as const;
