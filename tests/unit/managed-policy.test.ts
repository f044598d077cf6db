/**
 * The organisation's settings (managed storage): read field by field with the profile's own schema,
 * laid over the stored profile (presets the person may change, or locked), and the example policy
 * files in docs/deploy/ saying the same thing in every browser's form. The storage areas are
 * in-memory stand-ins (chrome.storage cannot run in Node); tests/e2e/policy-*.test.ts load the
 * example files into real Chromium and Firefox.
 */
import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, GECKO_ID } from '@/contract/ids';
import { SERVICES } from '@/contract/mail2000';
import { ProfileSchema, defaultProfile, type Profile } from '@/utils/profile/schema';
import { MANAGED_PROFILE_FIELDS, managedStorageSchema } from '@/utils/profile/managed-schema';
import { NO_POLICY, applyManaged, isLocked, overridesOf, readManagedPolicy } from '@/utils/profile/managed';
import { PROFILE_STORAGE_KEY, createProfileStore, type StorageChangeLike } from '@/utils/profile/store';
import { EXAMPLE, readJson, readPlist, readReg, regToPolicy } from '../support/policies';
import { readFileSync } from 'node:fs';

const SCHOOL = {
  host: 'mail.school.test',
  popPort: 995,
  keepCopy: false,
  label: true,
  labelName: 'School mail',
  archive: true,
  sendAs: false,
  ports: { pop3s: 10995, imaps: 10993 },
};

describe('reading a policy', () => {
  it('takes every field a policy may set, and the ports one by one', () => {
    const p = readManagedPolicy({ profile: SCHOOL, lockProfile: true });
    expect(p.problems).toEqual([]);
    expect(p.locked).toBe(true);
    expect(p.paths).toEqual(['host', 'popPort', 'keepCopy', 'label', 'labelName', 'archive', 'sendAs', 'ports.pop3s', 'ports.imaps']);
    expect(p.values).toEqual(SCHOOL);
  });

  it('nothing set (no policy, or an empty one) is no policy', () => {
    expect(readManagedPolicy(undefined)).toEqual(NO_POLICY);
    expect(readManagedPolicy({})).toEqual(NO_POLICY);
  });

  it('ignores each wrong value alone, and says which and why', () => {
    const p = readManagedPolicy({
      profile: {
        host: 'mail.school.test',
        popPort: 143, // Gmail offers only 995 and 110
        keepCopy: 'yes', // not a boolean (Firefox hands the value over as written)
        labelName: '   ', // blank once trimmed
        ports: { pop3s: 70000, imaps: 993, telnet: 23 },
        address: 'boss@school.test', // the person's own, never the organisation's
      },
      lockProfile: 'true',
      color: 'blue',
    });
    expect(p.paths).toEqual(['host', 'ports.imaps']);
    expect(p.values).toEqual({ host: 'mail.school.test', ports: { imaps: 993 } });
    expect(p.locked).toBe(false);
    expect(p.problems).toEqual(
      expect.arrayContaining([
        { path: 'lockProfile', value: '"true"', reason: 'invalid' },
        { path: 'color', value: '"blue"', reason: 'unknown' },
        { path: 'profile.address', value: '"boss@school.test"', reason: 'unknown' },
        { path: 'profile.popPort', value: '143', reason: 'invalid' },
        { path: 'profile.keepCopy', value: '"yes"', reason: 'invalid' },
        { path: 'profile.labelName', value: '"   "', reason: 'invalid' },
        { path: 'profile.ports.pop3s', value: '70000', reason: 'invalid' },
        { path: 'profile.ports.telnet', value: '23', reason: 'unknown' },
      ]),
    );
    expect(p.problems).toHaveLength(8);
  });

  it('a policy of the wrong shape is a problem, never an exception', () => {
    for (const raw of ['text', 7, [1, 2], true]) {
      const p = readManagedPolicy(raw);
      expect(p.paths).toEqual([]);
      expect(p.problems).toEqual([{ path: '*', value: JSON.stringify(raw), reason: 'invalid' }]);
    }
    expect(readManagedPolicy({ profile: 'mail.school.test' }).problems).toEqual([
      { path: 'profile', value: '"mail.school.test"', reason: 'invalid' },
    ]);
    expect(readManagedPolicy({ profile: { ports: [995] } }).problems).toEqual([
      { path: 'profile.ports', value: '[995]', reason: 'invalid' },
    ]);
  });

  it('keeps what it reports small, however large the policy', () => {
    const profile = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`.padEnd(300, 'x'), 'v'.repeat(10_000)]));
    const p = readManagedPolicy({ profile });
    expect(p.problems.length).toBe(20);
    for (const q of p.problems) {
      expect(q.path.length).toBeLessThanOrEqual(48);
      expect(q.value.length).toBeLessThanOrEqual(80);
    }
  });
});

describe('laying the policy over the stored profile', () => {
  const mine: Profile = { ...defaultProfile(), address: 'amy@school.test', host: 'mail.other.test', labelName: 'Mine', keepCopy: true };
  const preset = readManagedPolicy({ profile: SCHOOL });
  const locked = readManagedPolicy({ profile: SCHOOL, lockProfile: true });

  it('the policy decides every field it sets, and nothing else', () => {
    const p = applyManaged(mine, preset, []);
    expect(p).toEqual({ ...mine, ...SCHOOL, ports: { ...mine.ports, ...SCHOOL.ports } });
    expect(p.address).toBe('amy@school.test');
  });

  it('without a lock, a field the person chose otherwise stays theirs', () => {
    const p = applyManaged(mine, preset, ['labelName', 'ports.imaps']);
    expect(p.labelName).toBe('Mine');
    expect(p.ports.imaps).toBe(mine.ports.imaps);
    expect(p.host).toBe(SCHOOL.host);
  });

  it("with the lock, the policy wins over the person's choices", () => {
    const p = applyManaged(mine, locked, ['labelName', 'host']);
    expect(p.labelName).toBe('School mail');
    expect(p.host).toBe('mail.school.test');
    expect(isLocked(locked, 'host')).toBe(true);
    expect(isLocked(locked, 'sendAs')).toBe(true);
    expect(isLocked(locked, 'ports.pop3')).toBe(false);
    expect(isLocked(preset, 'host')).toBe(false);
  });

  it("the person's own choices are the fields that differ from the policy", () => {
    const effective = applyManaged(mine, preset, []);
    expect(overridesOf(effective, preset)).toEqual([]);
    expect(overridesOf({ ...effective, labelName: 'Mine', ports: { ...effective.ports, pop3s: 995 } }, preset)).toEqual([
      'labelName',
      'ports.pop3s',
    ]);
  });
});

/** storage.sync and storage.managed as in-memory stand-ins with the browsers' change events. */
function areas(policy: unknown, opts: { rejects?: boolean } = {}) {
  const sync = new Map<string, unknown>();
  let managed = policy;
  const listeners = new Set<(c: Record<string, StorageChangeLike>, area: string) => void>();
  const fire = (c: Record<string, StorageChangeLike>, area: string) => listeners.forEach((l) => l(c, area));
  return {
    sync,
    store: createProfileStore(
      {
        get: async (k) => (sync.has(k) ? { [k]: structuredClone(sync.get(k)) } : {}),
        set: async (items) => {
          for (const [k, v] of Object.entries(items)) sync.set(k, structuredClone(v));
          fire(Object.fromEntries(Object.keys(items).map((k) => [k, { newValue: items[k] }])), 'sync');
        },
      },
      { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
      'sync',
      {
        // Firefox rejects when no policy names the add-on; Chrome answers {}.
        get: async () => {
          if (opts.rejects) throw new Error('Managed storage manifest not found');
          return structuredClone(managed) as Record<string, unknown>;
        },
      },
    ),
    setPolicy(next: unknown) {
      managed = next;
      fire({ profile: { newValue: next } }, 'managed');
    },
  };
}

describe('the profile store with a policy', () => {
  it('loads the policy over what is stored, and says what it set', async () => {
    const a = areas({ profile: SCHOOL, lockProfile: true });
    await a.store.saveProfile({ ...defaultProfile(), address: 'amy@school.test' });
    const l = await a.store.loadProfile();
    expect(l.profile.host).toBe('mail.school.test');
    expect(l.profile.address).toBe('amy@school.test');
    expect(l.managed.locked).toBe(true);
    expect(l.managed.paths).toContain('host');
  });

  it('a preset the person changes stays changed, and follows the policy again once set back', async () => {
    const a = areas({ profile: SCHOOL });
    const first = await a.store.loadProfile();
    const saved = await a.store.saveProfile({ ...first.profile, labelName: 'Mine' });
    expect(saved.labelName).toBe('Mine');
    expect(a.sync.get(PROFILE_STORAGE_KEY)).toMatchObject({ overrides: ['labelName'] });
    // The organisation changes its preset: fields the person did not change follow it.
    a.setPolicy({ profile: { ...SCHOOL, labelName: 'Staff', host: 'mail2.school.test' } });
    const later = await a.store.loadProfile();
    expect(later.profile.labelName).toBe('Mine');
    expect(later.profile.host).toBe('mail2.school.test');
    await a.store.saveProfile({ ...later.profile, labelName: 'Staff' });
    expect(a.sync.get(PROFILE_STORAGE_KEY)).not.toHaveProperty('overrides');
  });

  it('a lock overrules a stored choice, whatever the stored overrides say', async () => {
    const a = areas({ profile: SCHOOL });
    await a.store.saveProfile({ ...(await a.store.loadProfile()).profile, host: 'mail.mine.test' });
    expect((await a.store.loadProfile()).profile.host).toBe('mail.mine.test');
    a.setPolicy({ profile: SCHOOL, lockProfile: true });
    expect((await a.store.loadProfile()).profile.host).toBe('mail.school.test');
  });

  it('Firefox without a policy (managed storage rejects) is no policy', async () => {
    const a = areas(undefined, { rejects: true });
    const l = await a.store.loadProfile();
    expect(l.managed).toEqual(NO_POLICY);
    expect(l.profile).toEqual(defaultProfile());
    expect(await a.store.saveProfile({ ...defaultProfile(), address: 'amy@school.test' })).toMatchObject({ address: 'amy@school.test' });
  });

  it('a bad policy never breaks loading: the good fields apply, the rest is reported', async () => {
    const a = areas({ profile: { host: 'bad host!', popPort: 110 }, lockProfile: 1 });
    const l = await a.store.loadProfile();
    expect(l.profile.host).toBe(defaultProfile().host);
    expect(l.profile.popPort).toBe(110);
    expect(l.managed.problems.map((p) => p.path).sort()).toEqual(['lockProfile', 'profile.host']);
  });

  it('watchProfile hears a policy change', async () => {
    const a = areas({ profile: SCHOOL });
    const heard = new Promise<string>((resolve) => a.store.watchProfile((l) => resolve(l.profile.host)));
    a.setPolicy({ profile: { host: 'mail3.school.test' } });
    expect(await heard).toBe('mail3.school.test');
  });
});

describe('the managed storage schema Chrome and Edge read', () => {
  const schema = managedStorageSchema(SERVICES) as {
    properties: { profile: { properties: Record<string, { type: string; properties?: Record<string, { type: string }> }> } };
  };
  const fields = schema.properties.profile.properties;

  it('declares exactly the fields a policy may set, each a field of the profile, typed as the profile types it', () => {
    expect(Object.keys(fields)).toEqual([...MANAGED_PROFILE_FIELDS]);
    const seed = defaultProfile() as unknown as Record<string, unknown>;
    for (const f of MANAGED_PROFILE_FIELDS) {
      expect(Object.keys(ProfileSchema.shape)).toContain(f);
      const want = typeof seed[f] === 'number' ? 'integer' : typeof seed[f] === 'object' ? 'object' : typeof seed[f];
      expect(fields[f]!.type, f).toBe(want);
    }
    expect(Object.keys(fields.ports!.properties!)).toEqual([...SERVICES]);
  });
});

describe('the example policy files (docs/deploy/)', () => {
  const settings = readJson(EXAMPLE.chromeSettings) as { '3rdparty': { extensions: Record<string, unknown> } };
  const chromePolicy = settings['3rdparty'].extensions[CHROME_EXTENSION_ID];
  const schema = managedStorageSchema(SERVICES) as Parameters<typeof regToPolicy>[2];

  it('Chrome/Chromium/Edge on Linux: a valid policy for our extension id that sets a school server and locks it', () => {
    expect(Object.keys(settings['3rdparty'].extensions)).toEqual([CHROME_EXTENSION_ID]);
    const p = readManagedPolicy(chromePolicy);
    expect(p.problems).toEqual([]);
    expect(p.locked).toBe(true);
    expect(p.values.host).not.toBe(defaultProfile().host);
    const install = readJson(EXAMPLE.chromeInstall) as {
      ExtensionSettings: Record<string, { installation_mode: string; update_url: string }>;
    };
    expect(install.ExtensionSettings[CHROME_EXTENSION_ID]).toMatchObject({
      installation_mode: 'force_installed',
      update_url: 'https://clients2.google.com/service/update2/crx',
    });
  });

  it('Firefox policies.json: installs from install_url and sets the same 3rdparty values for the gecko id', () => {
    const ff = readJson(EXAMPLE.firefox) as {
      policies: {
        ExtensionSettings: Record<string, { installation_mode: string; install_url: string }>;
        '3rdparty': { Extensions: Record<string, unknown> };
      };
    };
    expect(ff.policies['3rdparty'].Extensions).toEqual({ [GECKO_ID]: chromePolicy });
    expect(ff.policies.ExtensionSettings[GECKO_ID]!.installation_mode).toBe('force_installed');
    expect(ff.policies.ExtensionSettings[GECKO_ID]!.install_url).toMatch(/^https:\/\/addons\.mozilla\.org\/.+\.xpi$/);
  });

  it('Windows registry (.reg): Chrome and Edge each get the force-install entry and the same settings', () => {
    const keys = readReg(readFileSync(EXAMPLE.windowsReg, 'utf8'));
    for (const vendor of ['Google\\Chrome', 'Microsoft\\Edge']) {
      const base = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${vendor}`;
      expect(keys.get(`${base}\\ExtensionInstallForcelist`)?.get('1')).toBe(
        `${CHROME_EXTENSION_ID};https://clients2.google.com/service/update2/crx`,
      );
      expect(regToPolicy(keys, `${base}\\3rdparty\\extensions\\${CHROME_EXTENSION_ID}\\policy`, schema)).toEqual(chromePolicy);
    }
  });

  it("macOS configuration profile: Chrome and Edge install payloads, and each browser's extension domain with the same settings", () => {
    const plist = readPlist(readFileSync(EXAMPLE.macos, 'utf8')) as { PayloadType: string; PayloadContent: Array<Record<string, unknown>> };
    expect(plist.PayloadType).toBe('Configuration');
    const byType = Object.fromEntries(plist.PayloadContent.map((p) => [p.PayloadType as string, p]));
    for (const app of ['com.google.Chrome', 'com.microsoft.Edge']) {
      expect(byType[app]!.ExtensionInstallForcelist).toEqual([`${CHROME_EXTENSION_ID};https://clients2.google.com/service/update2/crx`]);
      const { profile, lockProfile } = byType[`${app}.extensions.${CHROME_EXTENSION_ID}`]!;
      expect({ profile, lockProfile }).toEqual(chromePolicy);
    }
    // Every payload has its own identity (a device manager refuses duplicates).
    const uuids = [plist, ...plist.PayloadContent].map((p) => (p as { PayloadUUID: string }).PayloadUUID);
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const u of uuids) expect(u).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
  });
});
