// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "enableJavaScriptEvaluation": true, "suppressInsecureJavaScriptEnvironmentWarning": true } }
// A setup belongs to the window it opened: the binding (its window's sessionStorage stands in as
// a Map; the background's intent as a flag) and the flow's refusals on other windows' forms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setupBinding, SETUP_MARK_TTL_MS, type WindowStore } from '@/entrypoints/gmail-settings/wizard/binding';
import { runWizard, isOwnServer, type WizardStatus } from '@/entrypoints/gmail-settings/wizard/run';
import { createTranslator, type LocaleEntry } from '@/utils/i18n/translate';
import { ProfileSchema } from '@/utils/profile/schema';
import { loadIntoDocument } from '../support/gmail/fixtures';

const tEn = createTranslator(JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, LocaleEntry>);
const PROFILE = ProfileSchema.parse({ address: 's1234567@mail.au.edu.tw', popPort: 995, labelName: 'Mail2000' });

const store = (): WindowStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
};

/** The background's one intent, taken at most once. */
const intentOnce = () => {
  let intent = true;
  return async () => {
    const had = intent;
    intent = false;
    return had;
  };
};

describe('setupBinding', () => {
  it("the wizard's first page takes the intent; every later page of that window is in the setup", async () => {
    const take = intentOnce();
    const win = setupBinding(store(), take);
    expect(await win.active('email')).toBe(true);
    expect(await win.active('kind')).toBe(true);
    expect(await win.active('pop')).toBe(true);
  });
  it('an "edit info" window (it opens on the POP step) never takes it, and leaves it for the wizard', async () => {
    const take = intentOnce();
    const edit = setupBinding(store(), take);
    expect(await edit.active('pop')).toBe(false);
    expect(await setupBinding(store(), take).active('email')).toBe(true);
  });
  it('a second window after the first took it gets nothing', async () => {
    const take = intentOnce();
    expect(await setupBinding(store(), take).active('email')).toBe(true);
    expect(await setupBinding(store(), take).active('email')).toBe(false);
  });
  it('ends with the flow, and with the window (its storage gone)', async () => {
    const s = store();
    const b = setupBinding(s, intentOnce());
    expect(await b.active('email')).toBe(true);
    b.end();
    expect(await b.active('pop')).toBe(false);
    const closed = setupBinding(store(), async () => false);
    expect(await closed.active('pop')).toBe(false);
  });
  it('ends by itself after its time', async () => {
    let now = 1_000_000;
    const b = setupBinding(store(), intentOnce(), () => now);
    expect(await b.active('email')).toBe(true);
    now += SETUP_MARK_TTL_MS + 1;
    expect(await b.active('pop')).toBe(false);
  });
});

describe('the flow in a bound window', () => {
  /** Runs the flow on the page now in the document, the setup bound to this window. */
  const runHere = async (asked = false) => {
    const shown: WizardStatus[] = [];
    const outcome = await runWizard({
      doc: document,
      t: tEn,
      show: (s) => void shown.push(s),
      hasIntent: async () => true,
      takeIntent: async () => undefined,
      setIntent: async () => undefined,
      askedHere: () => asked,
      loadProfile: async () => PROFILE,
      submitted: { has: () => false, add: () => undefined, clear: () => undefined },
    });
    return { outcome, shown };
  };
  const run = async (fixture: string, asked = false) => {
    loadIntoDocument(fixture);
    return runHere(asked);
  };
  /** Replaces the whole page with `html`, as Gmail's next page load would. */
  const replacePage = (html: string): void => {
    document.open();
    document.write(html);
    document.close();
  };

  it('never fills an "edit info" form: its own account compares and offers to correct, another stays untouched', async () => {
    const own = await run('wizard-3-edit.en.html');
    expect(own.outcome).toBe('compare');
    expect(own.shown.at(-1)?.action?.testId).toBe('m2k-wizard-correct');
    expect(document.querySelector<HTMLSelectElement>('select')!.value).toBe('110');

    loadIntoDocument('wizard-3-edit.en.html');
    const other = document.documentElement.outerHTML
      .replace('value="s1234567"', 'value="friend"')
      .replace('value="mail.au.edu.tw"', 'value="pop.other-school.example"');
    replacePage(other);
    const { outcome, shown } = await runHere();
    expect(outcome).toBe('silent');
    expect(shown).toEqual([]);
    const texts = Array.from(document.querySelectorAll<HTMLInputElement>('input[type=text]')).map((i) => i.value);
    expect(texts).toEqual(['friend', 'pop.other-school.example']);
  });

  it('never fills a POP form for another server unless asked in this window', async () => {
    // happy-dom has no prompt(); the page's own script asks for a new label's name with it.
    (window as unknown as { prompt: () => null }).prompt = () => null;
    loadIntoDocument('wizard-3-pop.en.html');
    const html = document.documentElement.outerHTML.replace('value="pop.mail.au.edu.tw"', 'value="pop.other-school.example"');
    const { outcome } = await run('wizard-3-pop.en.html');
    expect(outcome).toBe('password'); // Gmail's guess from the profile's own address is ours
    replacePage(html);
    const { outcome: outcome2, shown: shown2 } = await runHere();
    expect(outcome2).toBe('foreign');
    expect((document.getElementById('r_s') as HTMLInputElement).value).toBe('pop.other-school.example');
    expect((document.getElementById('r_u') as HTMLInputElement).value).toBe('s1234567');
    expect(shown2.at(-1)?.action?.testId).toBe('m2k-wizard-fill');
  });

  it("isOwnServer: the profile's host or Gmail's guess from the profile's address, nothing else", () => {
    expect(isOwnServer('', PROFILE)).toBe(true);
    expect(isOwnServer('mail.au.edu.tw', PROFILE)).toBe(true);
    expect(isOwnServer('POP.mail.au.edu.tw', PROFILE)).toBe(true);
    expect(isOwnServer('pop.gmail.com', PROFILE)).toBe(false);
    expect(isOwnServer('mail.au.edu.tw.evil.example', PROFILE)).toBe(false);
  });
});
