// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isWizardWindow } from '@/entrypoints/gmail-settings/wizard/start';
import { loadIntoDocument } from '../support/gmail/fixtures';

const fakeWindow = (opener: unknown) => ({ opener }) as unknown as Window;

describe('isWizardWindow', () => {
  it('a window nobody opened is never the wizard, whatever it shows', () => {
    loadIntoDocument('wizard-3-pop.en.html');
    expect(isWizardWindow(document, fakeWindow(null))).toBe(false);
  });
  it('a popup showing a wizard step is', () => {
    for (const f of ['wizard-1-email.en.html', 'wizard-2-kind.zh-TW.html', 'wizard-3-edit.en.html', 'wizard-4-sendas.zh-TW.html']) {
      loadIntoDocument(f);
      expect(isWizardWindow(document, fakeWindow({})), f).toBe(true);
    }
  });
  it("a popup showing Gmail's settings or anything else is not", () => {
    loadIntoDocument('wizard-0-settings.en.html');
    expect(isWizardWindow(document, fakeWindow({}))).toBe(false);
    loadIntoDocument('wizard-done.html');
    expect(isWizardWindow(document, fakeWindow({}))).toBe(false);
  });

  it('a big page that merely mentions "Email address" and has a Next button is not step 1', () => {
    loadIntoDocument('wizard-0-settings.en.html');
    const main = document.querySelector('[role=main]')!;
    const p = document.createElement('p');
    p.textContent = 'Email address: shown in your profile';
    const next = document.createElement('button');
    next.textContent = 'Next';
    document.querySelectorAll('input[type=radio]').forEach((r) => r.remove());
    for (let i = 0; i < 5; i++) main.append(Object.assign(document.createElement('input'), { type: 'text' }));
    main.append(p, next);
    expect(isWizardWindow(document, fakeWindow({}))).toBe(false);
  });
});
