// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "enableJavaScriptEvaluation": true, "suppressInsecureJavaScriptEnvironmentWarning": true } }
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTranslator, type LocaleEntry } from '@/utils/i18n/translate';
import { ProfileSchema, type Profile } from '@/utils/profile/schema';
import { runWizard } from '@/entrypoints/gmail-settings/wizard/run';
import type { WizardDeps, WizardStatus } from '@/entrypoints/gmail-settings/wizard/status';
import type { WizardStep } from '@/entrypoints/gmail-settings/wizard/steps';
import { mountWizardUi } from '@/entrypoints/gmail-settings/wizard/note';
import { loadIntoDocument } from '../support/gmail/fixtures';
import { personClick } from '../support/person-click';

const messages = (lang: string) =>
  JSON.parse(readFileSync(`${process.cwd()}/public/_locales/${lang}/messages.json`, 'utf8')) as Record<string, LocaleEntry>;
const tEn = createTranslator(messages('en'));
const tZh = createTranslator(messages('zh_TW'));

const PROFILE: Profile = ProfileSchema.parse({ address: 's1234567@mail.au.edu.tw', popPort: 995, labelName: 'Mail2000' });

interface Harness {
  deps: WizardDeps;
  shown: WizardStatus[];
  submits: string[];
  calls: string[];
  last: () => WizardStatus | undefined;
}

/**
 * Real fixture page, real locator and filling; the browser parts (background messages, storage)
 * are replaced by plain functions because no extension runs inside happy-dom. Form submissions
 * are recorded and stopped (happy-dom would try to navigate).
 */
function harness(opts: {
  intent: boolean;
  profile?: Profile;
  submitted?: WizardStep[];
  t?: typeof tEn;
  ui?: boolean;
  copy?: (text: string) => Promise<boolean>;
}): Harness {
  const shown: WizardStatus[] = [];
  const submits: string[] = [];
  const calls: string[] = [];
  let intent = opts.intent;
  const submitted = new Set<WizardStep>(opts.submitted ?? []);
  document.addEventListener('submit', (e) => {
    e.preventDefault();
    submits.push((e.target as HTMLFormElement).getAttribute('action') ?? '');
  });
  const t = opts.t ?? tEn;
  const ui = opts.ui ? mountWizardUi(document, t, opts.copy) : null;
  const deps: WizardDeps = {
    doc: document,
    t,
    show: (s) => {
      shown.push(s);
      ui?.show(s);
    },
    hasIntent: async () => intent,
    takeIntent: async () => {
      calls.push('take');
      intent = false;
    },
    setIntent: async () => {
      calls.push('set');
      intent = true;
    },
    loadProfile: async () => opts.profile ?? PROFILE,
    submitted: { has: (s) => submitted.has(s), add: (s) => void submitted.add(s), clear: () => submitted.clear() },
    paint: async () => {
      calls.push('paint');
    },
  };
  return { deps, shown, submits, calls, last: () => shown.at(-1) };
}

const q = <T extends Element>(sel: string) => document.querySelector<T>(sel)!;
const val = (sel: string) => q<HTMLInputElement>(sel).value;
const checked = (sel: string) => q<HTMLInputElement>(sel).checked;

/** happy-dom has no window.prompt; the fixture page's own script calls it for "New label…". */
const stubPrompt = (answer: string | null) => {
  const fn = vi.fn((_message?: string, _default?: string) => answer);
  (window as unknown as { prompt: typeof fn }).prompt = fn;
  return fn;
};

beforeEach(() => {
  stubPrompt(null);
});

describe('step 1: email address', () => {
  it('with the intent: types the address through input/change events and presses Next', async () => {
    loadIntoDocument('wizard-1-email.en.html');
    const events: string[] = [];
    const box = q<HTMLInputElement>('#cx91');
    box.addEventListener('input', () => events.push(`input:${box.value}`));
    box.addEventListener('change', () => events.push('change'));
    const h = harness({ intent: true });
    expect(await runWizard(h.deps)).toBe('working');
    expect(box.value).toBe('s1234567@mail.au.edu.tw');
    expect(events).toEqual(['input:s1234567@mail.au.edu.tw', 'change']);
    expect(h.submits).toEqual(['kind']);
  });

  it('without the intent: fills nothing, offers the button, which fills and goes on', async () => {
    loadIntoDocument('wizard-1-email.zh-TW.html');
    const h = harness({ intent: false, ui: true, t: tZh });
    expect(await runWizard(h.deps)).toBe('offer');
    expect(val('input[name=a_77]')).toBe('');
    expect(h.submits).toEqual([]);
    const host = document.querySelector('m2k-wizard-note')!;
    const status = host.shadowRoot!.querySelector<HTMLElement>('[data-testid="m2k-wizard-status"]')!;
    expect(status.dataset.state).toBe('offer');
    expect(status.textContent).toContain('Mail2000');
    const button = host.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="m2k-wizard-fill"]')!;
    expect(button.textContent).toBe('填入 Mail2000 設定');
    personClick(button);
    await vi.waitFor(() => expect(h.submits).toEqual(['kind']));
    expect(h.calls).toContain('set');
    expect(val('input[name=a_77]')).toBe('s1234567@mail.au.edu.tw');
  });

  it('Gmail showing the step again: fills but does not press Next a second time', async () => {
    loadIntoDocument('wizard-1-email.en.html');
    const h = harness({ intent: true, submitted: ['email'] });
    expect(await runWizard(h.deps)).toBe('repeat');
    expect(h.submits).toEqual([]);
  });

  it("a window reused for a second setup: the first flow's memory is gone once it finished", async () => {
    loadIntoDocument('wizard-4-sendas.en.html');
    const h = harness({ intent: true, submitted: ['email', 'kind'] });
    await runWizard(h.deps);
    loadIntoDocument('wizard-1-email.en.html');
    await h.deps.setIntent();
    expect(await runWizard(h.deps)).toBe('working');
  });

  it('no address in the profile: says so and fills nothing', async () => {
    loadIntoDocument('wizard-1-email.en.html');
    const h = harness({ intent: true, profile: ProfileSchema.parse({}) });
    expect(await runWizard(h.deps)).toBe('no-profile');
    expect(val('#cx91')).toBe('');
  });
});

describe('step 2: POP3 import', () => {
  it('en: picks POP3 over the preselected Gmailify and presses Next', async () => {
    loadIntoDocument('wizard-2-kind.en.html');
    const h = harness({ intent: true });
    await runWizard(h.deps);
    expect(checked('input[value=p]')).toBe(true);
    expect(checked('input[value=g]')).toBe(false);
    expect(h.submits).toEqual(['pop']);
  });
  it('zh-TW: POP3 only, already chosen: presses Next', async () => {
    loadIntoDocument('wizard-2-kind.zh-TW.html');
    const h = harness({ intent: true });
    await runWizard(h.deps);
    expect(checked('#q1')).toBe(true);
    expect(h.submits).toEqual(['pop']);
  });
});

describe('step 3: POP settings', () => {
  it("en: fills everything but the password, creates the label through Gmail's prompt, focuses the password, never submits", async () => {
    loadIntoDocument('wizard-3-pop.en.html');
    const prompt = stubPrompt('Mail2000');
    const h = harness({ intent: true, ui: true });
    expect(await runWizard(h.deps)).toBe('password');
    expect(val('#r_u')).toBe('s1234567');
    expect(val('#r_s')).toBe('mail.au.edu.tw');
    expect(val('#r_o')).toBe('995');
    expect(checked('#c_2')).toBe(true);
    expect(checked('#c_1')).toBe(true);
    expect(checked('#c_3')).toBe(true);
    expect(q<HTMLSelectElement>('#l_s').value).toBe('Mail2000');
    expect(checked('#c_4')).toBe(false);
    expect(val('#r_p')).toBe('');
    expect(document.activeElement).toBe(q('#r_p'));
    expect(prompt).toHaveBeenCalledTimes(1);
    // The note asking for the name was shown (and painted) before Gmail's prompt.
    const promptNote = h.shown.findIndex((s) => s.message.includes('type Mail2000'));
    expect(promptNote).toBeGreaterThan(-1);
    expect(h.calls).toContain('paint');
    expect(h.submits).toEqual([]);
    expect(h.last()).toMatchObject({
      state: 'password',
      details: [
        tEn(
          'wiz_filled',
          'Username, POP Server, Port, Secure connection (SSL), Leave a copy on the server, Label, Archive (skip the Inbox)',
        ),
      ],
      snapshot: true,
    });
    expect(h.last()!.manual?.map((m) => m.key)).toEqual(['server', 'port', 'ssl', 'leaveCopy', 'label', 'username']);
    expect(h.last()!.message).toMatch(/except the password/);
  });

  it('en, prompt dismissed: says the label still needs its name', async () => {
    loadIntoDocument('wizard-3-pop.en.html');
    stubPrompt(null);
    const h = harness({ intent: true });
    expect(await runWizard(h.deps)).toBe('password');
    expect(h.last()!.details!.join(' ')).toMatch(/Mail2000 was not created/);
  });

  it('zh-TW, port 110: SSL off even though the page couples it, existing label chosen, archive on', async () => {
    loadIntoDocument('wizard-3-pop.zh-TW.html');
    const prompt = stubPrompt('never asked');
    const profile = ProfileSchema.parse({ ...PROFILE, popPort: 110, archive: true, keepCopy: false });
    const h = harness({ intent: true, profile, t: tZh });
    expect(await runWizard(h.deps)).toBe('password');
    expect(val('select[name=f4]')).toBe('110');
    expect(checked('input[name=b9]')).toBe(false);
    expect(checked('input[name=b2]')).toBe(false);
    expect(checked('input[name=b1]')).toBe(true);
    expect(q<HTMLSelectElement>('select[name=b5]').value).toBe('Mail2000');
    expect(val('input[name=note]')).toBe('');
    expect(prompt).not.toHaveBeenCalled();
    expect(h.last()!.message).toContain('密碼');
  });

  it('port select missing: nothing filled, the port named as missing', async () => {
    loadIntoDocument('wizard-3-pop-noport.en.html');
    const before = Array.from(document.querySelectorAll('input')).map((i) => [i.value, i.checked]);
    const h = harness({ intent: true });
    expect(await runWizard(h.deps)).toBe('missing');
    expect(Array.from(document.querySelectorAll('input')).map((i) => [i.value, i.checked])).toEqual(before);
    expect(h.last()!.message).toMatch(/Port/);
    expect(h.last()!.message).toMatch(/Nothing was filled/);
  });

  it('port select missing: "Copy page structure" copies the sanitized snapshot', async () => {
    loadIntoDocument('wizard-3-pop-noport.en.html');
    q<HTMLInputElement>('#c').value = 'typed.by.person.example';
    const copied: string[] = [];
    const h = harness({ intent: true, ui: true, copy: async (text) => (copied.push(text), true) });
    expect(await runWizard(h.deps)).toBe('missing');
    const root = document.querySelector('m2k-wizard-note')!.shadowRoot!;
    personClick(root.querySelector<HTMLButtonElement>('[data-testid="m2k-wizard-copy"]')!);
    await vi.waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toContain('input[type=text] label-for="Port number:"');
    expect(copied[0]).not.toContain('typed.by.person');
    expect(root.querySelector('[data-testid="m2k-wizard-copy"]')!.textContent).toBe(tEn('wiz_copied'));
  });

  it('unreadable checkboxes: filled by their known order', async () => {
    loadIntoDocument('wizard-3-pop-unlabelled.en.html');
    stubPrompt(null);
    const h = harness({ intent: true });
    expect(await runWizard(h.deps)).toBe('password');
    expect([1, 2, 3, 4].map((i) => checked(`input[name=x${i}]`))).toEqual([true, true, true, false]);
  });

  it('after a failed "Add Account": the error\'s cause and fix, no refill', async () => {
    loadIntoDocument('wizard-3-pop-error.en.html');
    q<HTMLInputElement>('#u1').value = 'changed-by-person';
    const h = harness({ intent: true });
    expect(await runWizard(h.deps)).toBe('error');
    expect(val('#u1')).toBe('changed-by-person');
    const s = h.last()!;
    expect(s.state).toBe('error');
    expect(s.message).toBe(tEn('audit_auth_denied_title'));
    expect(s.details).toEqual([tEn('audit_auth_denied_cause'), tEn('audit_auth_denied_fix')]);
    expect(document.activeElement).toBe(q('#p1'));
  });

  it('error without the intent (set up by hand, or the intent ran out): still explained for a Mail2000 server', async () => {
    loadIntoDocument('wizard-3-pop-error.en.html');
    const h = harness({ intent: false });
    expect(await runWizard(h.deps)).toBe('error');
    expect(h.last()!.message).toBe(tEn('audit_auth_denied_title'));
    loadIntoDocument('wizard-3-pop-error.en.html');
    const other = harness({ intent: false, profile: ProfileSchema.parse({ ...PROFILE, host: 'pop.example.org' }) });
    expect(await runWizard(other.deps)).toBe('offer');
  });

  it('an unknown error text: says so and points to the details', async () => {
    loadIntoDocument('wizard-3-pop-error.en.html');
    document.querySelector('.err b')!.textContent = 'Something new went wrong.';
    document.querySelector('.det')!.textContent = '';
    const h = harness({ intent: true });
    expect(await runWizard(h.deps)).toBe('error');
    expect(h.last()!.message).toBe(tEn('wiz_error_unknown'));
  });

  it('edit info without intent: lists the differences, corrects them on request, never the password', async () => {
    loadIntoDocument('wizard-3-edit.en.html');
    const h = harness({ intent: false, ui: true });
    expect(await runWizard(h.deps)).toBe('compare');
    const details = h.last()!.details!;
    expect(details).toEqual(
      expect.arrayContaining([
        'Port: now 110, should be 995',
        'Secure connection (SSL): now off, should be on',
        'Leave a copy on the server: now off, should be on',
        'Label: now off, should be on',
        'Archive (skip the Inbox): now on, should be off',
      ]),
    );
    expect(details.some((d) => /Username|POP Server/.test(d))).toBe(false);
    const root = document.querySelector('m2k-wizard-note')!.shadowRoot!;
    personClick(root.querySelector<HTMLButtonElement>('[data-testid="m2k-wizard-correct"]')!);
    await vi.waitFor(() => expect(h.last()!.state).toBe('corrected'));
    const boxes = Array.from(document.querySelectorAll<HTMLInputElement>('input[type=checkbox]')).map((b) => b.checked);
    expect(boxes).toEqual([true, true, true, false]);
    expect(q<HTMLSelectElement>('select[aria-labelledby=lo]').value).toBe('995');
    expect(document.querySelectorAll('select')[1]!.value).toBe('Mail2000');
    expect(q<HTMLInputElement>('input[type=password]').value).toBe('');
    expect(h.submits).toEqual([]);
  });

  it("edit info of another provider's account: stays silent", async () => {
    loadIntoDocument('wizard-3-edit.en.html');
    const h = harness({ intent: false, profile: ProfileSchema.parse({ ...PROFILE, host: 'pop.example.org' }) });
    expect(await runWizard(h.deps)).toBe('silent');
    expect(h.shown).toEqual([]);
  });
});

describe('step 4: send mail as', () => {
  it('en: chooses No, uses up the intent, presses Next', async () => {
    loadIntoDocument('wizard-4-sendas.en.html');
    const h = harness({ intent: true });
    expect(await runWizard(h.deps)).toBe('done');
    expect(checked('input[value="0"]')).toBe(true);
    expect(h.calls).toContain('take');
    expect(h.submits).toEqual(['done']);
  });
  it('zh-TW, the profile asks for sending: chooses Yes', async () => {
    loadIntoDocument('wizard-4-sendas.zh-TW.html');
    const h = harness({ intent: true, profile: ProfileSchema.parse({ ...PROFILE, sendAs: true }), t: tZh });
    await runWizard(h.deps);
    expect(checked('input[value=y]')).toBe(true);
    expect(h.calls).toContain('take');
  });
  it('without the intent: offers nothing and changes nothing', async () => {
    loadIntoDocument('wizard-4-sendas.en.html');
    const h = harness({ intent: false });
    expect(await runWizard(h.deps)).toBe('silent');
    expect(checked('input[value="1"]')).toBe(true);
  });
});

it('a page that is no wizard step is left alone outside a setup', async () => {
  loadIntoDocument('wizard-done.html');
  const h = harness({ intent: false });
  expect(await runWizard(h.deps)).toBe('not-a-wizard-step');
  expect(h.shown).toEqual([]);
});

it("a page we do not recognise in the setup's window: the note, the settings by hand, the structure", async () => {
  loadIntoDocument('wizard-done.html');
  const h = harness({ intent: true });
  expect(await runWizard(h.deps)).toBe('unrecognised');
  expect(h.last()).toMatchObject({ state: 'unrecognised', message: tEn('wiz_unrecognised'), snapshot: true });
  expect(h.last()!.manual?.find((m) => m.key === 'server')?.value).toBe('mail.au.edu.tw');
});
