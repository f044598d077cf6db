// @vitest-environment happy-dom
// Every wizard step with every label reworded, in both languages and both widths of punctuation
// (tests/support/gmail/wizard-variants.ts), plus the awkward POP steps: a field missing, two
// password boxes, hidden decoys, and a box two fields could claim.
import { describe, expect, it } from 'vitest';
import { locateEmailStep, locateKindStep, locatePopStep, locateSendAsStep } from '@/utils/gmail/locator';
import { detectStep } from '@/entrypoints/gmail-settings/wizard/steps';
import { rewordedEmail, rewordedKind, rewordedPop, rewordedSendAs, type Lang } from '../support/gmail/wizard-variants';
import { translator } from '../support/i18n/locale';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const truths = (fields: Record<string, { el: Element } | undefined>) =>
  Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f?.el.getAttribute('data-truth')]));

for (const lang of ['en', 'zh-TW'] as Lang[]) {
  describe(`reworded steps (${lang})`, () => {
    it('step 1: the email box', () => {
      const doc = parse(rewordedEmail(lang));
      expect(detectStep(doc)?.step).toBe('email');
      const r = locateEmailStep(doc);
      expect(r.missing).toEqual([]);
      expect(truths(r.fields)).toEqual({ address: 'address' });
    });
    it('step 2: POP3, not Gmailify', () => {
      const doc = parse(rewordedKind(lang));
      expect(detectStep(doc)?.step).toBe('kind');
      const r = locateKindStep(doc);
      expect(r.missing).toEqual([]);
      expect(r.fields.pop?.el.getAttribute('data-truth')).toBe('pop');
    });
    it('step 3: every field', () => {
      const doc = parse(rewordedPop(lang));
      const d = detectStep(doc);
      expect(d?.step).toBe('pop');
      const r = locatePopStep(d!.scope);
      expect(r.missing).toEqual([]);
      for (const [k, v] of Object.entries(truths(r.fields))) expect(v, k).toBe(k);
    });
    it('step 3 with the port missing: names it, takes nothing else for it', () => {
      const r = locatePopStep(detectStep(parse(rewordedPop(lang, 'missing')))!.scope);
      expect(r.missing).toEqual(['port']);
      for (const [k, v] of Object.entries(truths(r.fields))) expect(v, k).toBe(k);
    });
    it('step 3 with two password boxes: still the POP step, the password is not told', () => {
      const d = detectStep(parse(rewordedPop(lang, 'two-passwords')));
      expect(d?.step).toBe('pop');
      const r = locatePopStep(d!.scope);
      expect(r.missing).toEqual(['password']);
      expect(r.contested).toEqual([{ key: 'password' }]);
    });
    it('step 3 with hidden decoys saying the same words: the decoys are not seen', () => {
      const r = locatePopStep(detectStep(parse(rewordedPop(lang, 'decoys')))!.scope);
      expect(r.missing).toEqual([]);
      for (const [k, v] of Object.entries(truths(r.fields))) expect(v, k).toBe(k);
    });
    it('step 4: yes and no', () => {
      const doc = parse(rewordedSendAs(lang));
      expect(detectStep(doc)?.step).toBe('sendAs');
      const r = locateSendAsStep(doc);
      expect(r.missing).toEqual([]);
      expect(truths(r.fields)).toEqual({ yes: 'yes', no: 'no' });
    });
  });
}

describe('a control two fields could claim', () => {
  it('is taken by neither, and the result says which field could not be told apart', () => {
    const doc = parse(rewordedPop('en'));
    // One box now says both "copy" and "archive": neither field may take it, nor guess another.
    const box = doc.querySelector('input[name=c4]')!;
    box.nextSibling!.textContent = 'Archive a copy of incoming messages';
    const r = locatePopStep(doc.querySelector('form')!);
    expect(r.fields.archive).toBeUndefined();
    expect(r.missing).toContain('archive');
    expect(r.contested).toContainEqual({ key: 'archive' });
    // leaveCopy still has the box only it names.
    expect(r.fields.leaveCopy?.el.getAttribute('name')).toBe('c1');
  });
  it('the zh-TW wording from the field: 「擷取郵件時,一律使用安全連線」 and 「封存內收郵件」', () => {
    const doc = parse(rewordedPop('zh-TW'));
    const r = locatePopStep(doc.querySelector('form')!);
    expect(r.fields.ssl?.el.nextSibling?.textContent).toContain('擷取郵件時,一律使用安全連線');
    expect(r.fields.archive?.el.nextSibling?.textContent).toBe('封存內收郵件');
  });
});

describe('the note says why a contested control was left alone', () => {
  it('says which field and why, fills nothing, and still gives the settings by hand', async () => {
    const { runWizard } = await import('@/entrypoints/gmail-settings/wizard/run');
    const { ProfileSchema } = await import('@/utils/profile/schema');
    const tEn = translator('en');
    const doc = parse(rewordedPop('en'));
    doc.querySelector('input[name=c4]')!.nextSibling!.textContent = 'Archive a copy of incoming messages';
    const before = Array.from(doc.querySelectorAll('input')).map((i) => [i.value, i.checked]);
    const shown: { state: string; details?: string[]; manual?: unknown[]; snapshot?: boolean }[] = [];
    const outcome = await runWizard({
      doc,
      t: tEn,
      show: (s) => void shown.push(s),
      hasIntent: async () => true,
      takeIntent: async () => undefined,
      setIntent: async () => undefined,
      loadProfile: async () => ProfileSchema.parse({ address: 's1234567@mail.au.edu.tw' }),
      submitted: { has: () => false, add: () => undefined, clear: () => undefined },
    });
    expect(outcome).toBe('missing');
    expect(Array.from(doc.querySelectorAll('input')).map((i) => [i.value, i.checked])).toEqual(before);
    const note = shown.at(-1)!;
    expect(note.details).toEqual([tEn('wiz_contested', tEn('wiz_field_archive'))]);
    expect(note.manual).toHaveLength(6);
    expect(note.snapshot).toBe(true);
  });
});
