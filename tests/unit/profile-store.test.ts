import { describe, expect, it } from 'vitest';
import { PROFILE_STORAGE_KEY, createProfileStore, loadProfile, readStoredProfile, repairProfile } from '@/utils/profile/store';
import { PROFILE_VERSION, ProfileSchema, seedProfile, type Profile } from '@/utils/profile/schema';
import { NO_POLICY } from '@/utils/profile/managed';
import { DEFAULTS, STORED_CASES } from './fixtures/stored-profiles';
import { memoryArea } from '../support/storage';

describe('the default profile', () => {
  it('is what the schema fills in for nothing, and what the fixtures expect; each call a fresh copy', () => {
    expect(seedProfile()).toEqual(DEFAULTS);
    expect(ProfileSchema.parse({})).toEqual(seedProfile());
    const a = seedProfile();
    a.ports.pop3 = 1;
    expect(seedProfile().ports.pop3).toBe(110);
  });
});

describe('stored profile fixtures (old versions, broken values)', () => {
  it.each(STORED_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = readStoredProfile(c.stored);
    expect(got.profile).toEqual(c.profile);
    expect([...got.repaired].sort()).toEqual([...c.repaired].sort());
    expect(got.fromVersion).toBe(c.fromVersion);
    // Whatever came in, what goes out is a valid profile.
    expect(ProfileSchema.safeParse(got.profile).success).toBe(true);
  });
});

describe('repairProfile', () => {
  it('leaves a valid profile untouched', () => {
    const p: Profile = { ...DEFAULTS, address: 'a@mail.au.edu.tw', archive: true };
    expect(repairProfile(p)).toEqual({ profile: p, repaired: [] });
  });
  it('fills missing fields silently (fields added by newer versions)', () => {
    expect(repairProfile({ address: 'a@mail.au.edu.tw' })).toEqual({ profile: { ...DEFAULTS, address: 'a@mail.au.edu.tw' }, repaired: [] });
  });
  it('never throws on anything', () => {
    for (const v of [null, 0, NaN, true, 'x', [], {}, { ports: null }, { address: {} }, Object.create(null)]) {
      expect(() => repairProfile(v)).not.toThrow();
      expect(() => readStoredProfile(v)).not.toThrow();
    }
  });
});

describe('profile store over a storage area', () => {
  it('saves as { version, profile } and loads it back', async () => {
    const mem = memoryArea();
    const store = createProfileStore(mem, mem.onChanged);
    const p: Profile = { ...DEFAULTS, address: 'alice@mail.au.edu.tw', popPort: 110, labelName: '學校' };
    await store.saveProfile(p);
    expect(mem.data.get(PROFILE_STORAGE_KEY)).toEqual({ version: PROFILE_VERSION, profile: p });
    expect(await store.loadProfile()).toEqual({ profile: p, repaired: [], fromVersion: PROFILE_VERSION, managed: NO_POLICY });
  });

  it('refuses to save an invalid profile and keeps the stored one', async () => {
    const mem = memoryArea();
    const store = createProfileStore(mem, mem.onChanged);
    await store.saveProfile({ ...DEFAULTS, address: 'ok@mail.au.edu.tw' });
    await expect(store.saveProfile({ ...DEFAULTS, popPort: 465 as 995 })).rejects.toThrow();
    await expect(store.saveProfile({ ...DEFAULTS, address: 'nope' })).rejects.toThrow();
    expect((await store.loadProfile()).profile.address).toBe('ok@mail.au.edu.tw');
  });

  it('migrates a v0 value found in storage', async () => {
    const mem = memoryArea({ [PROFILE_STORAGE_KEY]: { email: 'old@mail.au.edu.tw', port: '110' } });
    const got = await createProfileStore(mem).loadProfile();
    expect(got).toEqual({
      profile: { ...DEFAULTS, address: 'old@mail.au.edu.tw', popPort: 110 },
      repaired: [],
      fromVersion: 0,
      managed: NO_POLICY,
    });
  });

  it('answers defaults with a notice when storage itself fails', async () => {
    const mem = memoryArea({}, { failing: true });
    expect(await createProfileStore(mem).loadProfile()).toEqual({
      profile: DEFAULTS,
      repaired: ['*'],
      fromVersion: null,
      managed: NO_POLICY,
    });
  });

  it('watchProfile reports saves from elsewhere and stops after unsubscribe', async () => {
    const mem = memoryArea();
    const store = createProfileStore(mem, mem.onChanged);
    const seen: string[] = [];
    let heard: () => void = () => undefined;
    const stop = store.watchProfile((l) => {
      seen.push(l.profile.address);
      heard();
    });
    const once = new Promise<void>((resolve) => (heard = resolve));
    await store.saveProfile({ ...DEFAULTS, address: 'one@mail.au.edu.tw' });
    await once;
    await mem.set({ unrelated: 1 });
    stop();
    await store.saveProfile({ ...DEFAULTS, address: 'two@mail.au.edu.tw' });
    // A reload the watcher started would have settled by now: loading reads one in-memory key.
    await store.loadProfile();
    expect(seen).toEqual(['one@mail.au.edu.tw']);
    expect(mem.listeners.size).toBe(0);
  });

  it('module-level loadProfile outside an extension resolves to defaults instead of throwing', async () => {
    expect(await loadProfile()).toEqual({ profile: DEFAULTS, repaired: ['*'], fromVersion: null, managed: NO_POLICY });
  });
});
