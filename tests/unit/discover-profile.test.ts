// The discovered profile in the Gmail panel and the audit: a fetch account on the profile's
// (discovered) server's domain counts as ours whatever the school; the profile's verification counts
// only while the profile's server is the verified one.
import { describe, expect, it } from 'vitest';
import { isMail2000Address } from '@/entrypoints/gmail-settings/panel/account-text';
import { buildPanelModel } from '@/entrypoints/gmail-settings/panel/model';
import { auditFindings } from '@/utils/audit/rules';
import { ProfileSchema, verificationOf } from '@/utils/profile/schema';
import { createProfileStore, readStoredProfile, toStored } from '@/utils/profile/store';
import type { FetchAccount } from '@/utils/audit/schema';

const NOW = Date.parse('2026-11-26T08:00:00Z');
const SCHOOL = ProfileSchema.parse({ address: 'alice@school.test', host: 'mail.school.test' });
const account = (address: string, profile = SCHOOL): FetchAccount => ({
  address,
  status: '',
  isMail2000: isMail2000Address(address, { host: profile.host, profileAddress: profile.address }),
});

describe('which fetch accounts are ours', () => {
  it("a discovered school: its domain and the server's domain count, other schools do not", () => {
    expect(isMail2000Address('bob@school.test', { host: SCHOOL.host })).toBe(true);
    expect(isMail2000Address('bob@au.edu.tw', { host: SCHOOL.host })).toBe(false);
    expect(isMail2000Address('bob@other.test', { host: SCHOOL.host, profileAddress: SCHOOL.address })).toBe(false);
  });

  it("the audit follows: the discovered school's account gets the countdown and its own retirement finding", () => {
    const read = { state: 'closed' as const, accounts: [account('bob@school.test')], notice: 'Gmail notice' };
    expect(buildPanelModel(read, SCHOOL, NOW, 'en').countdowns.map((c) => c.address)).toEqual(['bob@school.test']);
    const findings = auditFindings({ profile: SCHOOL, accounts: read.accounts, pageState: 'closed', now: NOW });
    expect(findings.find((f) => f.code === 'pop-retiring')?.account).toBe('bob@school.test');
    const other = auditFindings({ profile: SCHOOL, accounts: [account('bob@elsewhere.test')], pageState: 'closed', now: NOW });
    expect(other.find((f) => f.code === 'pop-retiring')?.account).toBeUndefined();
  });
});

describe("the profile's verification", () => {
  const V = { at: NOW, how: 'helper' as const, host: 'mail.school.test' };
  it("counts only while its host is the profile's host", () => {
    expect(verificationOf({ ...SCHOOL, verified: V })).toEqual(V);
    expect(verificationOf({ ...SCHOOL, host: 'MAIL.SCHOOL.TEST', verified: V })).toEqual(V);
    expect(verificationOf({ ...SCHOOL, host: 'mail.other.test', verified: V })).toBeNull();
    expect(verificationOf(SCHOOL)).toBeNull();
  });

  it('an unreadable one is dropped as "not verified", silently: the rest of the profile is kept and nothing is reported repaired', () => {
    for (const bad of ['yesterday', { ...V, how: 'magic' }, { ...V, at: -1 }, { ...V, host: 'not a host' }]) {
      const loaded = readStoredProfile({ version: 1, profile: { ...SCHOOL, verified: bad } });
      expect(loaded.profile.verified).toBeUndefined();
      expect(loaded.profile.host).toBe('mail.school.test');
      expect(loaded.repaired).toEqual([]);
    }
  });

  it('is saved with the profile and read back, in a real-behaving storage area', async () => {
    const data: Record<string, unknown> = {};
    const store = createProfileStore({
      get: async (k: string) => ({ [k]: structuredClone(data[k]) }),
      set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
    });
    await store.saveProfile({ ...SCHOOL, verified: V });
    expect(data.profile).toEqual(toStored({ ...SCHOOL, verified: V }));
    expect((await store.loadProfile()).profile.verified).toEqual(V);
    await expect(store.saveProfile({ ...SCHOOL, verified: { ...V, how: 'guess' as 'helper' } })).rejects.toThrow();
  });

  it('never speaks for a plain-text profile (110): not read as verified, and not stored with one', async () => {
    expect(verificationOf({ ...SCHOOL, popPort: 110, verified: V })).toBeNull();
    const data: Record<string, unknown> = {};
    const store = createProfileStore({
      get: async (k: string) => ({ [k]: structuredClone(data[k]) }),
      set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
    });
    const saved = await store.saveProfile({ ...SCHOOL, popPort: 110, verified: V });
    expect(saved.verified).toBeUndefined();
    expect(data.profile).toEqual(toStored({ ...SCHOOL, popPort: 110 }));
  });
});
