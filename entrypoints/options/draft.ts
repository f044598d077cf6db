/**
 * The options form works on a draft of strings (what the person typed), not on the profile itself:
 * a half-typed port must stay on screen with a message, not be coerced. `validateDraft` turns a draft
 * into a profile or into per-field messages (i18n keys). Pure, unit-tested in tests/unit/profile-form.test.ts.
 */
import type { MessageKey } from '@/utils/i18n/translate';
import { AddressSchema, LABEL_MAX_CHARS as LABEL_MAX, ProfileSchema, type Profile } from '@/utils/profile/schema';
import { HostnameSchema } from '@/contract/protocol';
import { GMAIL_POP_PORTS, SERVICES, type Service } from '@/contract/mail2000';

export interface ProfileDraft {
  address: string;
  username: string;
  popPort: string;
  keepCopy: boolean;
  label: boolean;
  labelName: string;
  archive: boolean;
  sendAs: boolean;
  host: string;
  ports: Record<Service, string>;
}

export type FieldKey = 'address' | 'username' | 'popPort' | 'labelName' | 'host' | `ports.${Service}`;
/** Field -> i18n key of its message. */
export type DraftErrors = Partial<Record<FieldKey, MessageKey>>;

/** Order of fields on the page; the first one in error gets the focus when saving is refused. */
export const FIELD_ORDER: readonly FieldKey[] = [
  'address',
  'username',
  'popPort',
  'labelName',
  'host',
  ...SERVICES.map((s) => `ports.${s}` as const),
];

export const toDraft = (p: Profile): ProfileDraft => ({
  address: p.address,
  username: p.username,
  popPort: String(p.popPort),
  keepCopy: p.keepCopy,
  label: p.label,
  labelName: p.labelName,
  archive: p.archive,
  sendAs: p.sendAs,
  host: p.host,
  ports: Object.fromEntries(SERVICES.map((s) => [s, String(p.ports[s])])) as Record<Service, string>,
});

const parsePort = (s: string): number | null => {
  const v = s.trim();
  if (!/^\d{1,5}$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= 65535 ? n : null;
};

export function validateDraft(d: ProfileDraft): { profile: Profile; errors: DraftErrors } | { profile: null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const address = d.address.trim();
  // An empty address is a valid *stored* state (fresh install), but saving the form without one is pointless.
  if (!address) errors.address = 'opt_err_address_required';
  else if (!AddressSchema.safeParse(address).success) errors.address = 'opt_err_address_invalid';

  if (d.username.trim().length > 256 || /\s/.test(d.username.trim())) errors.username = 'opt_err_username';

  const pop = parsePort(d.popPort);
  if (pop === null || !(GMAIL_POP_PORTS as readonly number[]).includes(pop)) errors.popPort = 'opt_err_pop_port';

  const labelName = d.labelName.trim();
  if (d.label && !labelName) errors.labelName = 'opt_err_label_empty';
  else if (labelName.length > LABEL_MAX) errors.labelName = 'opt_err_label_long';

  const host = d.host.trim().toLowerCase();
  if (!HostnameSchema.safeParse(host).success) errors.host = 'opt_err_host';

  const ports: Partial<Record<Service, number>> = {};
  for (const s of SERVICES) {
    const n = parsePort(d.ports[s]);
    if (n === null) errors[`ports.${s}`] = 'opt_err_port_range';
    else ports[s] = n;
  }

  if (Object.keys(errors).length) return { profile: null, errors };
  const parsed = ProfileSchema.safeParse({
    address,
    username: d.username.trim(),
    host,
    popPort: pop,
    keepCopy: d.keepCopy,
    label: d.label,
    // With labelling off an empty name is fine; keep the default so switching it back on has a name.
    labelName: labelName || 'Mail2000',
    archive: d.archive,
    sendAs: d.sendAs,
    ports,
  });
  // The checks above mirror the schema; should they ever drift, refuse rather than save something invalid.
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    const field = (FIELD_ORDER as readonly string[]).includes(path) ? (path as FieldKey) : 'address';
    return { profile: null, errors: { [field]: 'opt_err_invalid' } };
  }
  return { profile: parsed.data, errors: {} };
}
