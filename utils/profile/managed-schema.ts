/**
 * What an organisation may set through browser policy (managed storage), as the schema Chrome and
 * Edge read from the manifest's `storage.managed_schema`. zod-free: the build config (wxt.config.ts)
 * writes it into the Chromium build. Firefox has no manifest schema; it hands the extension the same
 * keys from policies.json › 3rdparty › Extensions › <add-on id>. Either way the extension checks every
 * value again, field by field, with the profile's own schema (managed.ts).
 */
/** The profile fields a policy may set: the school's server and how Gmail fetches, never the person's own address. */
export const MANAGED_PROFILE_FIELDS = ['host', 'popPort', 'keepCopy', 'label', 'labelName', 'archive', 'sendAs', 'ports'] as const;
export type ManagedProfileField = (typeof MANAGED_PROFILE_FIELDS)[number];

/** The file the Chromium build carries, named by the manifest. */
export const MANAGED_SCHEMA_FILE = 'managed_schema.json';

/**
 * Types only, no ranges or enums: Chrome drops the whole `profile` when one of its values fails this
 * schema, so a value of the right type that is still wrong (a port of 70000) is left for the
 * extension, which ignores that one field and says so on the options page.
 */
const fieldTypes = (services: readonly string[]): Record<ManagedProfileField, object> => ({
  host: { type: 'string', description: 'Mail2000 server name, e.g. mail.au.edu.tw' },
  popPort: { type: 'integer', description: 'POP port Gmail uses: 995 (SSL) or 110' },
  keepCopy: { type: 'boolean', description: 'Leave a copy of fetched mail on the server' },
  label: { type: 'boolean', description: 'Label incoming mail in Gmail' },
  labelName: { type: 'string', description: 'The Gmail label name' },
  archive: { type: 'boolean', description: 'Archive incoming mail (skip the inbox)' },
  sendAs: { type: 'boolean', description: 'Set up "send mail as"' },
  ports: {
    type: 'object',
    description: 'The server ports to check (any of them)',
    properties: Object.fromEntries(services.map((s) => [s, { type: 'integer' }])),
  },
});

/** `services`: the server's services (contract/mail2000.ts SERVICES), each a port the policy may set. */
export const managedStorageSchema = (services: readonly string[]) => ({
  type: 'object',
  properties: {
    profile: {
      type: 'object',
      description: 'Mail2000 settings for everyone: any of the fields below',
      properties: fieldTypes(services),
    },
    lockProfile: { type: 'boolean', description: 'People may not change the fields the policy sets' },
  },
});
