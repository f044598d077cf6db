// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/m2k-wizard/email"}
// Which windows the wizard helper looks at: only windows Gmail's page opened (window.opener set)
// load the settings code and start it (gmail.content/follow.ts); what it then finds on the page is
// the step detector's to say (steps.ts), and a page that is not a step does nothing unless the
// background binds a setup to the window (wizard-binding.test.ts).
import { describe, expect, it } from 'vitest';
import { detectStep } from '@/entrypoints/gmail-settings/wizard/steps';
import { followGmail } from '@/entrypoints/gmail.content/follow';
import type { SettingsChunk } from '@/utils/gmail/settings-chunk';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { loadIntoDocument } from '../support/gmail/fixtures';

/** Runs the route follower with a stand-in settings file; says whether the wizard helper was started. */
const follow = async (opener: unknown): Promise<{ loads: number; wizard: number }> => {
  Object.defineProperty(window, 'opener', { value: opener, configurable: true });
  const started = { loads: 0, wizard: 0 };
  const chunk: SettingsChunk = {
    startPanel: () => () => undefined,
    startWizard: async () => void started.wizard++,
  };
  const ac = new AbortController();
  followGmail({ signal: ac.signal } as ContentScriptContext, async () => (started.loads++, chunk));
  await new Promise((r) => setTimeout(r, 10));
  ac.abort();
  return started;
};

describe('windows the wizard helper starts in', () => {
  it('a window nobody opened never loads it, whatever it shows', async () => {
    loadIntoDocument('wizard-3-pop.en.html');
    expect(await follow(null)).toEqual({ loads: 0, wizard: 0 });
  });
  it('a window Gmail opened always starts it (the helper decides what the page is)', async () => {
    loadIntoDocument('wizard-done.html');
    expect(await follow({})).toEqual({ loads: 1, wizard: 1 });
  });
});

describe('detectStep', () => {
  it('a wizard step is one', () => {
    for (const f of ['wizard-1-email.en.html', 'wizard-2-kind.zh-TW.html', 'wizard-3-edit.en.html', 'wizard-4-sendas.zh-TW.html']) {
      loadIntoDocument(f);
      expect(detectStep(document), f).not.toBeNull();
    }
  });
  it("Gmail's settings or anything else is not", () => {
    loadIntoDocument('wizard-0-settings.en.html');
    expect(detectStep(document)).toBeNull();
    loadIntoDocument('wizard-done.html');
    expect(detectStep(document)).toBeNull();
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
    expect(detectStep(document)).toBeNull();
  });
});
