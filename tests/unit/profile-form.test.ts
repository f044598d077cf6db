// The options form's draft -> profile step: what is refused, with which message, and what is saved.
import { describe, expect, it } from 'vitest';
import { FIELD_ORDER, toDraft, validateDraft, type ProfileDraft } from '@/entrypoints/options/draft';
import { defaultProfile, ProfileSchema } from '@/utils/profile/schema';
import { translator } from '../support/i18n/locale';

const good = (): ProfileDraft => ({ ...toDraft(defaultProfile()), address: 'alice@mail.au.edu.tw' });
const errorsOf = (patch: Partial<ProfileDraft>) => validateDraft({ ...good(), ...patch }).errors;

describe('validateDraft', () => {
  it('accepts the defaults with an address and returns a schema-valid profile', () => {
    const r = validateDraft(good());
    expect(r.errors).toEqual({});
    expect(r.profile).toEqual({ ...defaultProfile(), address: 'alice@mail.au.edu.tw' });
    expect(ProfileSchema.safeParse(r.profile).success).toBe(true);
  });

  it.each([
    [{ address: '' }, { address: 'opt_err_address_required' }],
    [{ address: '   ' }, { address: 'opt_err_address_required' }],
    [{ address: 'alice' }, { address: 'opt_err_address_invalid' }],
    [{ address: 'alice@' }, { address: 'opt_err_address_invalid' }],
    [{ address: 'a b@mail.au.edu.tw' }, { address: 'opt_err_address_invalid' }],
    [{ username: 'has space' }, { username: 'opt_err_username' }],
    [{ popPort: '' }, { popPort: 'opt_err_pop_port' }],
    [{ popPort: '996' }, { popPort: 'opt_err_pop_port' }],
    [{ popPort: '143' }, { popPort: 'opt_err_pop_port' }],
    [{ popPort: '995.0' }, { popPort: 'opt_err_pop_port' }],
    [{ popPort: '-110' }, { popPort: 'opt_err_pop_port' }],
    [{ labelName: '' }, { labelName: 'opt_err_label_empty' }],
    [{ labelName: '  \t ' }, { labelName: 'opt_err_label_empty' }],
    [{ labelName: 'x'.repeat(226) }, { labelName: 'opt_err_label_long' }],
    [{ host: '' }, { host: 'opt_err_host' }],
    [{ host: 'bad host' }, { host: 'opt_err_host' }],
    [{ host: 'mail..au.edu.tw' }, { host: 'opt_err_host' }],
  ] as const)('refuses %o', (patch, expected) => {
    expect(errorsOf(patch)).toEqual(expected);
    expect(validateDraft({ ...good(), ...patch }).profile).toBeNull();
  });

  it.each(['0', '65536', 'abc', '', '1e3', '99999'])('refuses advanced port %o on every service', (v) => {
    for (const svc of ['pop3', 'imaps', 'submission'] as const) {
      expect(errorsOf({ ports: { ...good().ports, [svc]: v } })).toEqual({ [`ports.${svc}`]: 'opt_err_port_range' });
    }
  });

  it('collects every error at once, in page order', () => {
    const e = errorsOf({ address: 'x', popPort: '25', labelName: '', host: '!', ports: { ...good().ports, smtp: '0' } });
    expect(Object.keys(e).sort()).toEqual(['address', 'host', 'labelName', 'popPort', 'ports.smtp'].sort());
    expect(FIELD_ORDER.filter((k) => e[k])).toEqual(['address', 'popPort', 'labelName', 'host', 'ports.smtp']);
  });

  it('accepts 110 and 995, trims text, lowercases the host, keeps other-site ports', () => {
    const r = validateDraft({
      ...good(),
      address: '  bob@Mail.Example.edu.tw ',
      popPort: ' 110 ',
      host: 'Mail.Example.EDU.tw',
      ports: { ...good().ports, imaps: '10993' },
    });
    expect(r.errors).toEqual({});
    expect(r.profile).toMatchObject({
      address: 'bob@Mail.Example.edu.tw',
      popPort: 110,
      host: 'mail.example.edu.tw',
      ports: { imaps: 10993 },
    });
  });

  it('with labelling off, an empty label name is fine and the default name is kept', () => {
    const r = validateDraft({ ...good(), label: false, labelName: '' });
    expect(r.errors).toEqual({});
    expect(r.profile).toMatchObject({ label: false, labelName: 'Mail2000' });
  });

  it('round-trips a profile through the draft unchanged', () => {
    const p = { ...defaultProfile(), address: 'c@mail.au.edu.tw', username: 'c', popPort: 110 as const, archive: true, sendAs: true };
    expect(validateDraft(toDraft(p)).profile).toEqual(p);
  });

  it('every message it can return exists in both locales', () => {
    const keys = new Set<string>();
    const all = [
      { address: '' },
      { address: 'x' },
      { username: 'a b' },
      { popPort: '1' },
      { labelName: '' },
      { labelName: 'x'.repeat(300) },
      { host: '!' },
    ];
    for (const patch of all) for (const k of Object.values(errorsOf(patch))) keys.add(k);
    keys.add('opt_err_port_range');
    keys.add('opt_err_invalid');
    for (const lang of ['en', 'zh_TW'] as const) {
      const tr = translator(lang);
      for (const k of keys) expect(tr(k), `${lang}:${k}`).not.toMatch(/^⟦/);
    }
  });
});
