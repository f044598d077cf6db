/**
 * The organisation's settings (browser policy, read from storage.managed) and how they are laid over
 * the person's stored profile. Every value is checked with the profile's own schema, field by field:
 * a wrong one is left out alone and reported, so a bad policy never breaks the extension and the
 * options page can say which line of it was ignored.
 *
 * Without `lockProfile` the policy presets fields: a field follows the policy unless the person saved
 * another value for it (the stored profile's `overrides`). With `lockProfile` every field the policy
 * sets follows it, and the options page does not let it be changed.
 */
import * as z from 'zod/mini';
import { SERVICES, type Service } from '@/contract/mail2000';
import { ProfileSchema, ServerPortsSchema, type Profile } from './schema';
import { MANAGED_PROFILE_FIELDS, type ManagedProfileField } from './managed-schema';

/** A field the policy sets: a profile field, or one of the server's ports (`ports.pop3s`). */
export type ManagedPath = Exclude<ManagedProfileField, 'ports'> | `ports.${Service}`;

export interface PolicyProblem {
  /** Where in the policy: `profile.popPort`, `profile.ports.pop3s`, `lockProfile`, `profile.color`. */
  path: string;
  /** The value as JSON, cut short: it is shown to the person as it was written. */
  value: string;
  /** `invalid`: not an allowed value for that field; `unknown`: not a setting a policy can make. */
  reason: 'invalid' | 'unknown';
}

export interface ManagedPolicy {
  /** Every field the policy sets with a valid value (in the profile's order). */
  paths: ManagedPath[];
  values: Partial<Omit<Profile, 'ports' | 'address' | 'username' | 'verified'>> & { ports?: Partial<Record<Service, number>> };
  locked: boolean;
  problems: PolicyProblem[];
}

export const NO_POLICY: ManagedPolicy = Object.freeze({ paths: [], values: {}, locked: false, problems: [] });

/** At most this many problems are reported; a policy is written by people, but its size is not ours to trust. */
const MAX_PROBLEMS = 20;
const MAX_SHOWN = 80;
const MAX_KEYS = 50;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const shown = (v: unknown): string => {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
};
const key = (k: string) => (k.length > 40 ? `${k.slice(0, 39)}…` : k);

/** The policy as the browser hands it over (storage.managed.get()), in any shape. Pure. */
export function readManagedPolicy(raw: unknown): ManagedPolicy {
  if (raw === undefined || raw === null) return NO_POLICY;
  const problems: PolicyProblem[] = [];
  const problem = (path: string, value: unknown, reason: PolicyProblem['reason']) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, value: shown(value), reason });
  };
  if (!isRecord(raw)) {
    problem('*', raw, 'invalid');
    return { ...NO_POLICY, problems };
  }
  let locked = false;
  if ('lockProfile' in raw) {
    if (typeof raw.lockProfile === 'boolean') locked = raw.lockProfile;
    else problem('lockProfile', raw.lockProfile, 'invalid');
  }
  for (const k of Object.keys(raw).slice(0, MAX_KEYS)) if (k !== 'profile' && k !== 'lockProfile') problem(key(k), raw[k], 'unknown');

  const paths: ManagedPath[] = [];
  const values: ManagedPolicy['values'] = {};
  const profile = raw.profile;
  if (profile !== undefined && !isRecord(profile)) problem('profile', profile, 'invalid');
  if (isRecord(profile)) {
    const fields = MANAGED_PROFILE_FIELDS as readonly string[];
    for (const k of Object.keys(profile).slice(0, MAX_KEYS)) if (!fields.includes(k)) problem(`profile.${key(k)}`, profile[k], 'unknown');
    for (const field of MANAGED_PROFILE_FIELDS) {
      if (!(field in profile)) continue;
      const value = profile[field];
      if (field === 'ports') {
        if (!isRecord(value)) {
          problem('profile.ports', value, 'invalid');
          continue;
        }
        for (const k of Object.keys(value).slice(0, MAX_KEYS))
          if (!(SERVICES as readonly string[]).includes(k)) problem(`profile.ports.${key(k)}`, value[k], 'unknown');
        for (const svc of SERVICES) {
          if (!(svc in value)) continue;
          const r = ServerPortsSchema.shape[svc].safeParse(value[svc]);
          if (!r.success || value[svc] === undefined) {
            problem(`profile.ports.${svc}`, value[svc], 'invalid');
            continue;
          }
          values.ports = { ...values.ports, [svc]: r.data };
          paths.push(`ports.${svc}`);
        }
        continue;
      }
      const r = (ProfileSchema.shape[field] as z.ZodMiniType).safeParse(value);
      if (!r.success || value === undefined) {
        problem(`profile.${field}`, value, 'invalid');
        continue;
      }
      (values as Record<string, unknown>)[field] = r.data;
      paths.push(field);
    }
  }
  return { paths, values, locked, problems };
}

const valueAt = (from: { ports?: Partial<Record<Service, number>> } & Record<string, unknown>, path: ManagedPath): unknown =>
  path.startsWith('ports.') ? from.ports?.[path.slice(6) as Service] : from[path];

/** The profile everyone reads: the policy's fields over the stored ones, except those the person chose otherwise (unless locked). */
export function applyManaged(profile: Profile, policy: ManagedPolicy, overrides: readonly string[]): Profile {
  if (policy.paths.length === 0) return profile;
  const out: Profile = { ...profile, ports: { ...profile.ports } };
  for (const path of policy.paths) {
    if (!policy.locked && overrides.includes(path)) continue;
    const value = valueAt(policy.values, path);
    if (path.startsWith('ports.')) out.ports[path.slice(6) as Service] = value as number;
    else (out as Record<string, unknown>)[path] = value;
  }
  return out;
}

/** The fields of a profile being saved that differ from the policy: the person's own choices, kept over the policy's presets. */
export function overridesOf(profile: Profile, policy: ManagedPolicy): ManagedPath[] {
  return policy.paths.filter((path) => valueAt(profile as unknown as Record<string, unknown>, path) !== valueAt(policy.values, path));
}

/** Whether the person may change a field: not when a locking policy sets it. */
export const isLocked = (policy: ManagedPolicy, path: ManagedPath): boolean => policy.locked && policy.paths.includes(path);

/** What the stored envelope keeps of the person's own choices; anything unreadable there just means none. */
export const OverridesSchema = z.array(z.string().check(z.maxLength(40))).check(z.maxLength(MAX_KEYS));
export const readOverrides = (raw: unknown): string[] => {
  const r = OverridesSchema.safeParse(raw);
  return r.success ? r.data : [];
};
