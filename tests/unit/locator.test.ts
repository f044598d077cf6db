// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { locateEmailStep, locateKindStep, locatePopStep, locateSendAsStep, POP_STEP_FIELDS } from '@/utils/gmail/locator';
import { detectStep } from '@/entrypoints/gmail-settings/wizard/steps';
import { parseFixture, wizardFixtures } from '../support/gmail/fixtures';

const attr = (el: Element | undefined, name: string) => el?.getAttribute(name);

describe('step detection on every wizard fixture', () => {
  const expected: Record<string, string | null> = {
    'wizard-0-settings.en.html': null,
    'wizard-1-email.en.html': 'email',
    'wizard-1-email.zh-TW.html': 'email',
    'wizard-2-kind.en.html': 'kind',
    'wizard-2-kind.zh-TW.html': 'kind',
    'wizard-3-pop.en.html': 'pop',
    'wizard-3-pop.zh-TW.html': 'pop',
    'wizard-3-pop-unlabelled.en.html': 'pop',
    'wizard-3-pop-noport.en.html': 'pop',
    'wizard-3-pop-error.en.html': 'pop',
    'wizard-3-edit.en.html': 'pop',
    'wizard-4-sendas.en.html': 'sendAs',
    'wizard-4-sendas.zh-TW.html': 'sendAs',
    'wizard-done.html': null,
  };
  it('knows every fixture', () => expect(wizardFixtures()).toEqual(Object.keys(expected).sort()));
  for (const [file, step] of Object.entries(expected)) {
    it(`${file} → ${step}`, () => expect(detectStep(parseFixture(file))?.step ?? null).toBe(step));
  }
});

describe('step 1: email address', () => {
  it('en: <label for> with a random id', () => {
    const r = locateEmailStep(parseFixture('wizard-1-email.en.html'));
    expect(r.missing).toEqual([]);
    expect(attr(r.fields.address?.el, 'name')).toBe('cx91');
    expect(r.fields.address?.via).toBe('label-for');
  });
  it('zh-TW: label in the neighbouring cell, wrapped, full-width colon', () => {
    const r = locateEmailStep(parseFixture('wizard-1-email.zh-TW.html'));
    expect(attr(r.fields.address?.el, 'name')).toBe('a_77');
    expect(r.fields.address?.via).toBe('cell');
  });
});

describe('step 2: POP3 or Gmailify', () => {
  it('en: wrapping labels with explanations; picks POP3, not Gmailify', () => {
    const r = locateKindStep(parseFixture('wizard-2-kind.en.html'));
    expect(attr(r.fields.pop?.el, 'value')).toBe('p');
    expect(r.fields.pop?.via).toBe('label-wrap');
  });
  it('zh-TW: aria-labelledby', () => {
    const r = locateKindStep(parseFixture('wizard-2-kind.zh-TW.html'));
    expect(attr(r.fields.pop?.el, 'id')).toBe('q1');
    expect(r.fields.pop?.via).toBe('aria');
  });
});

describe('step 3: POP settings', () => {
  const names = (file: string) => {
    const d = detectStep(parseFixture(file))!;
    const r = locatePopStep(d.scope);
    const got = Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f!.el.getAttribute('name') ?? f!.el.getAttribute('id')]));
    return { r, got };
  };

  it('en: every field through <label for>, the label select by structure; ignores the search box', () => {
    const { r, got } = names('wizard-3-pop.en.html');
    expect(r.missing).toEqual([]);
    expect(got).toEqual({
      username: 'r_u',
      password: 'r_p',
      server: 'r_s',
      port: 'r_o',
      leaveCopy: 'c_1',
      ssl: 'c_2',
      label: 'c_3',
      labelSelect: 'l_s',
      archive: 'c_4',
    });
    expect(r.fields.username?.via).toBe('label-for');
  });

  it('zh-TW: labels in another cell, checkbox texts beside the box, SSL first, an extra text field', () => {
    const { r, got } = names('wizard-3-pop.zh-TW.html');
    expect(r.missing).toEqual([]);
    expect(got).toEqual({
      username: 'f1',
      password: 'f2',
      server: 'f3',
      port: 'f4',
      leaveCopy: 'b2',
      ssl: 'b9',
      label: 'b4',
      labelSelect: 'b5',
      archive: 'b1',
    });
    expect(r.fields.server?.via).toBe('cell');
    expect(r.fields.ssl?.via).toBe('adjacent');
  });

  it('unreadable checkboxes: falls back to their known order, with lower confidence', () => {
    const { r, got } = names('wizard-3-pop-unlabelled.en.html');
    expect(r.missing).toEqual([]);
    expect(got).toMatchObject({ leaveCopy: 'x1', ssl: 'x2', label: 'x3', archive: 'x4', labelSelect: 'x5', port: 'o', username: 'u' });
    expect(r.fields.archive?.via).toBe('order');
    expect(r.fields.archive?.confidence).toBeLessThan(r.fields.username!.confidence);
  });

  it('no port select: the port is missing and named', () => {
    const { r } = names('wizard-3-pop-noport.en.html');
    expect(r.missing).toEqual(['port']);
    expect(r.fields.port).toBeUndefined();
  });

  it('edit info: aria-labelledby and wrapping labels', () => {
    const { r } = names('wizard-3-edit.en.html');
    expect(r.missing).toEqual([]);
    expect(r.fields.port?.via).toBe('aria');
    expect(r.fields.archive?.via).toBe('label-wrap');
  });

  it('order is not trusted when readable labels disagree with it', () => {
    const doc = parseFixture('wizard-3-pop-unlabelled.en.html');
    // Give the 4th box the words of the 1st: now the named boxes are out of the known order.
    const box4 = doc.querySelector('input[name=x4]')!;
    box4.after(doc.createTextNode('Leave a copy of retrieved message on the server'));
    const r = locatePopStep(doc.querySelector('form')!);
    expect(r.fields.leaveCopy?.el.getAttribute('name')).toBe('x4');
    expect(r.missing).toEqual(expect.arrayContaining(['ssl', 'label', 'archive']));
  });

  it('two boxes saying the same thing are ambiguous: missing, not guessed', () => {
    const doc = parseFixture('wizard-3-pop.en.html');
    const extra = doc.createElement('label');
    const box = doc.createElement('input');
    box.type = 'checkbox';
    extra.append(box, 'Archive incoming messages (Skip the Inbox)');
    doc.querySelector('form')!.append(extra);
    const r = locatePopStep(doc.querySelector('form')!);
    expect(r.missing).toContain('archive');
  });

  it('lists every field it knows', () => expect(POP_STEP_FIELDS.map((f) => f.key)).toHaveLength(9));
});

describe('step 4: send mail as', () => {
  for (const file of ['wizard-4-sendas.en.html', 'wizard-4-sendas.zh-TW.html']) {
    it(`${file}: finds Yes and No`, () => {
      const r = locateSendAsStep(parseFixture(file));
      expect(r.missing).toEqual([]);
      expect((r.fields.no?.el as HTMLInputElement).value).toMatch(/^(0|n)$/);
      expect((r.fields.yes?.el as HTMLInputElement).value).toMatch(/^(1|y)$/);
    });
  }
});
