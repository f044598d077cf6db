/**
 * Where the profile lives: storage.sync under one key, as `{ version, profile, overrides? }`, with
 * the organisation's settings (storage.managed, see managed.ts) laid over it whenever it is loaded.
 * Loading never throws: older shapes are migrated, and a value that still fails the schema is
 * repaired field by field to the defaults, returning which fields were repaired so the person can
 * be told (instead of a blank page or a crash).
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { PROFILE_VERSION, ProfileSchema, ServerPortsSchema, defaultProfile, type Profile } from './schema';
import { SERVICES } from '@/contract/mail2000';
import { NO_POLICY, applyManaged, overridesOf, readManagedPolicy, readOverrides, type ManagedPolicy } from './managed';

export const PROFILE_STORAGE_KEY = 'profile';

/** The slice of a browser storage area we use; tests can hand in a real-behaving in-memory one. */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}
/** storage.managed: read-only, everything at once (Firefox rejects when no policy names the add-on). */
export interface ManagedAreaLike {
  get(): Promise<Record<string, unknown>>;
}
export interface StorageChangeLike {
  newValue?: unknown;
  oldValue?: unknown;
}
export interface StorageEventsLike {
  addListener(cb: (changes: Record<string, StorageChangeLike>, areaName: string) => void): void;
  removeListener(cb: (changes: Record<string, StorageChangeLike>, areaName: string) => void): void;
}

export interface StoredProfile {
  profile: Profile;
  /** Dotted field paths reset to defaults (`address`, `ports.imap`), or `*` when nothing was usable. */
  repaired: string[];
  /** The version found in storage (0 for the unversioned first shape, null when nothing was stored). */
  fromVersion: number | null;
}

export interface LoadedProfile extends StoredProfile {
  /** What the organisation's policy sets (already laid over `profile`), and what of it was ignored. */
  managed: ManagedPolicy;
}

/**
 * Version 0 (before this store existed) kept a flat, unversioned object with string ports:
 * `{ email, port: '995' | '110', server?, leaveCopy?, labelName? ('' = no label), archive? }`.
 */
export const ProfileV0Schema = z.looseObject({
  email: z.optional(z.unknown()),
  port: z.optional(z.unknown()),
  server: z.optional(z.unknown()),
  leaveCopy: z.optional(z.unknown()),
  labelName: z.optional(z.unknown()),
  archive: z.optional(z.unknown()),
});

const StoredEnvelopeSchema = z.object({ version: z.int().check(z.minimum(0)), profile: z.unknown() });

/** Each migration takes the profile of version N (unvalidated) to version N+1 (still unvalidated: repair runs last). */
const MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  0: (old) => {
    const v0 = ProfileV0Schema.safeParse(old);
    if (!v0.success) return {};
    const o = v0.data;
    const out: Record<string, unknown> = {};
    if (o.email !== undefined) out.address = typeof o.email === 'string' ? o.email.trim() : o.email;
    if (o.port !== undefined) out.popPort = typeof o.port === 'string' && /^\d+$/.test(o.port) ? Number(o.port) : o.port;
    if (o.server !== undefined) out.host = o.server;
    if (o.leaveCopy !== undefined) out.keepCopy = o.leaveCopy;
    if (o.labelName !== undefined) {
      // v0 had no switch: an empty name meant "no label".
      out.label = o.labelName !== '';
      if (o.labelName !== '') out.labelName = o.labelName;
    }
    if (o.archive !== undefined) out.archive = o.archive;
    return out;
  },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keeps every field that passes its own schema and resets the others to their defaults.
 * A field that is simply absent gets its default silently (newer versions add fields).
 */
export function repairProfile(raw: unknown): { profile: Profile; repaired: string[] } {
  const whole = ProfileSchema.safeParse(raw);
  if (whole.success) return { profile: whole.data, repaired: [] };
  if (!isRecord(raw)) return { profile: defaultProfile(), repaired: ['*'] };
  const repaired: string[] = [];
  const out: Record<string, unknown> = {};
  const shape = ProfileSchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const value = raw[key];
    if (key === 'ports') {
      if (value === undefined) continue;
      if (!isRecord(value)) {
        repaired.push('ports');
        continue;
      }
      const ports: Record<string, unknown> = {};
      for (const svc of SERVICES) {
        const r = ServerPortsSchema.shape[svc].safeParse(value[svc]);
        if (r.success) ports[svc] = r.data;
        else repaired.push(`ports.${svc}`);
      }
      out.ports = ports;
      continue;
    }
    const r = shape[key].safeParse(value);
    if (r.success) out[key] = r.data;
    // An unreadable verification only means "not verified": nothing the person has to be told about.
    else if (key !== 'verified') repaired.push(key);
  }
  // Every field is now valid on its own; parse once more for the defaults and the exact type.
  const fixed = ProfileSchema.safeParse(out);
  return fixed.success ? { profile: fixed.data, repaired } : { profile: defaultProfile(), repaired: ['*'] };
}

/** Any stored value (of any version, or garbage) to a valid profile. Pure: no storage access. */
export function readStoredProfile(stored: unknown): StoredProfile {
  if (stored === undefined || stored === null) return { profile: defaultProfile(), repaired: [], fromVersion: null };
  const envelope = StoredEnvelopeSchema.safeParse(stored);
  let version: number;
  let data: unknown;
  if (envelope.success) {
    version = envelope.data.version;
    data = envelope.data.profile;
  } else if (isRecord(stored) && !('version' in stored) && ('email' in stored || 'port' in stored)) {
    version = 0;
    data = stored;
  } else {
    return { profile: defaultProfile(), repaired: ['*'], fromVersion: null };
  }
  // A newer version (the person downgraded): read what we understand, repair the rest.
  for (let v = version; v < PROFILE_VERSION; v++) {
    const step = MIGRATIONS[v];
    data = step ? step(data) : data;
  }
  return { ...repairProfile(data), fromVersion: version };
}

/** `overrides`: the fields the person set to another value than the policy's (managed.ts). */
export const toStored = (profile: Profile, overrides: readonly string[] = []) => ({
  version: PROFILE_VERSION,
  profile,
  ...(overrides.length ? { overrides: [...overrides] } : {}),
});

/**
 * Calls back whenever the stored profile (its key in `areaName`) or the organisation's policy (any key
 * of the managed area) changes. Returns unsubscribe.
 */
function onProfileChange(events: StorageEventsLike, areaName: string, cb: () => void): () => void {
  const listener = (changes: Record<string, StorageChangeLike>, name: string) => {
    if ((name === areaName && changes[PROFILE_STORAGE_KEY]) || name === 'managed') cb();
  };
  events.addListener(listener);
  return () => events.removeListener(listener);
}

/** The policy now, or none: no managed area here, or (Firefox) no policy names this add-on. */
async function readPolicy(managed: ManagedAreaLike | undefined): Promise<ManagedPolicy> {
  if (!managed) return NO_POLICY;
  try {
    return readManagedPolicy(await managed.get());
  } catch {
    return NO_POLICY;
  }
}

/** A store bound to a storage area (and the managed area laid over it). The default (below) is storage.sync. */
export function createProfileStore(area: StorageAreaLike, events?: StorageEventsLike, areaName = 'sync', managed?: ManagedAreaLike) {
  const loadProfile = async (): Promise<LoadedProfile> => {
    const policy = readPolicy(managed);
    let stored: StoredProfile;
    let overrides: string[] = [];
    try {
      const raw = (await area.get(PROFILE_STORAGE_KEY))?.[PROFILE_STORAGE_KEY];
      stored = readStoredProfile(raw);
      if (isRecord(raw)) overrides = readOverrides(raw.overrides);
    } catch {
      // Storage itself failed (quota, corrupt database): the page must still work with defaults.
      stored = { profile: defaultProfile(), repaired: ['*'], fromVersion: null };
    }
    const p = await policy;
    return { ...stored, profile: applyManaged(stored.profile, p, overrides), managed: p };
  };
  return {
    loadProfile,
    /**
     * Validates before writing: an invalid profile is refused (rejects), never stored. Fields that
     * differ from the policy's presets are recorded as the person's own; returns the profile as it
     * now reads, the policy laid over it.
     */
    async saveProfile(p: Profile): Promise<Profile> {
      const parsed = ProfileSchema.parse(p);
      // Plain text (110) is never stored as verified, whoever saves it.
      const { verified: _dropped, ...unverified } = parsed;
      const profile = parsed.popPort === 110 ? unverified : parsed;
      const policy = await readPolicy(managed);
      const overrides = overridesOf(profile, policy);
      await area.set({ [PROFILE_STORAGE_KEY]: toStored(profile, overrides) });
      return applyManaged(profile, policy, overrides);
    },
    /** Calls back with the profile whenever another page (or device, through sync) saves one, or the policy changes. Returns unsubscribe. */
    watchProfile(cb: (loaded: LoadedProfile) => void): () => void {
      return events ? onProfileChange(events, areaName, () => void loadProfile().then(cb)) : () => undefined;
    },
  };
}
export type ProfileStore = ReturnType<typeof createProfileStore>;

// The browser's own storage (`wxt/browser`): in MV3 both Firefox's and Chromium's areas return promises.
// A page without storage (or a unit test that gives none) gets the defaults and no events.
const syncStore = (): ProfileStore => {
  const storage = browser.storage as Partial<typeof browser.storage> | undefined;
  if (!storage?.sync) throw new Error('storage.sync is not available here');
  return createProfileStore(storage.sync, storage.onChanged, 'sync', storage.managed);
};

export const loadProfile = (): Promise<LoadedProfile> => {
  try {
    return syncStore().loadProfile();
  } catch {
    return Promise.resolve({ profile: defaultProfile(), repaired: ['*'], fromVersion: null, managed: NO_POLICY });
  }
};
export const saveProfile = async (p: Profile): Promise<Profile> => syncStore().saveProfile(p);
export const watchProfile = (cb: (loaded: LoadedProfile) => void): (() => void) => {
  try {
    return syncStore().watchProfile(cb);
  } catch {
    return () => undefined;
  }
};

/**
 * Calls back, without reading or repairing it, whenever the stored profile or the policy changes: for
 * the content script, which asks the background for the profile and so needs none of this module's
 * repair code.
 */
export const onProfileSaved = (cb: () => void): (() => void) => {
  const events = (browser.storage as Partial<typeof browser.storage> | undefined)?.onChanged;
  return events ? onProfileChange(events, 'sync', cb) : () => undefined;
};
