// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "enableJavaScriptEvaluation": true, "suppressInsecureJavaScriptEnvironmentWarning": true } }
// A setup belongs to the window it opened: the wizard's binding against the background's real
// handlers (tests/support/background/setup.ts: the sending tab is the stand-in's word), and the
// flow's refusals on other windows' forms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setupBinding } from '@/entrypoints/gmail-settings/wizard/binding';
import { runWizard } from '@/entrypoints/gmail-settings/wizard/run';
import { isOwnServer } from '@/entrypoints/gmail-settings/wizard/fill';
import type { WizardStatus } from '@/entrypoints/gmail-settings/wizard/status';
import { TAB_INTENT_TTL_MS } from '@/entrypoints/background/tab-intents';
import { createTranslator, type LocaleEntry } from '@/utils/i18n/translate';
import { ProfileSchema } from '@/utils/profile/schema';
import { loadIntoDocument } from '../support/gmail/fixtures';
import { setupBackground } from '../support/background/setup';

const tEn = createTranslator(JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, LocaleEntry>);
const PROFILE = ProfileSchema.parse({ address: 's1234567@mail.au.edu.tw', popPort: 995, labelName: 'Mail2000' });

/** The panel's "Set up" pressed on Gmail tab 1 (tabs 1 and 2 open); windows are later tabs opened by tab 1. */
const pressedSetUp = async () => {
  const bg = setupBackground([1, 2]);
  await bg.from(1)({ type: 'setup-intent:set' });
  return bg;
};

describe('setupBinding', () => {
  it("the wizard's first page claims the setup; every later page of that window is in it", async () => {
    const bg = await pressedSetUp();
    const win = setupBinding(bg.apiFor(3, 1));
    expect(await win.active('email')).toBe(true);
    // A new page load in the same window: a new binding object, the same tab.
    expect(await setupBinding(bg.apiFor(3, 1)).active('kind')).toBe(true);
    expect(await setupBinding(bg.apiFor(3, 1)).active('pop')).toBe(true);
  });
  it('an "edit info" window (it opens on the POP step) never claims it, and leaves it for the wizard', async () => {
    const bg = await pressedSetUp();
    expect(await setupBinding(bg.apiFor(3, 1)).active('pop')).toBe(false);
    expect(await setupBinding(bg.apiFor(4, 1)).active('email')).toBe(true);
  });
  it('a second window after the first took it gets nothing', async () => {
    const bg = await pressedSetUp();
    expect(await setupBinding(bg.apiFor(3, 1)).active('email')).toBe(true);
    expect(await setupBinding(bg.apiFor(4, 1)).active('email')).toBe(false);
  });
  it('ends with the flow, and with the window', async () => {
    const bg = await pressedSetUp();
    const b = setupBinding(bg.apiFor(3, 1));
    expect(await b.active('email')).toBe(true);
    await b.end();
    expect(await b.active('pop')).toBe(false);
    await bg.from(1)({ type: 'setup-intent:set' });
    expect(await setupBinding(bg.apiFor(5, 1)).active(null)).toBe(true);
    await bg.intents.tabClosed(5);
    expect(await setupBinding(bg.apiFor(5, 1)).active('pop')).toBe(false);
  });
  it('ends by itself after its time', async () => {
    const bg = await pressedSetUp();
    const b = setupBinding(bg.apiFor(3, 1));
    expect(await b.active('email')).toBe(true);
    bg.tick(TAB_INTENT_TTL_MS.setup + 1);
    expect(await b.active('pop')).toBe(false);
  });
  it('"Fill Mail2000 settings" binds the window it was pressed in, and says so to later pages', async () => {
    const bg = setupBackground();
    const b = setupBinding(bg.apiFor(3, 1));
    expect(await b.active('pop')).toBe(false);
    await b.ask();
    expect(b.asked()).toBe(true);
    const next = setupBinding(bg.apiFor(3, 1));
    expect(await next.active('pop')).toBe(true);
    expect(next.asked()).toBe(true);
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
