// The setup's own window in real Chromium with the built extension, on wizard pages reworded in
// en and zh-TW (tests/support/gmail/wizard-variants.ts): the note is never silent (a step with a
// field missing, a page it does not know) and gives each setting with a working copy button; a
// setup fills only the window it opened ("edit info" of another account opened meanwhile stays as
// it was); and clicks made by the page's own script on our buttons do nothing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, serveFakeGmail, type ChromiumSession } from '../support/browsers';
import { PROFILE, SETTINGS_URL, WIZARD_PATH, wizardRoutes } from '../support/gmail/wizard-routes';
import { readFixture } from '../support/gmail/fixtures';
import { openWizardFromSetup } from '../support/gmail/wizard-pages';
import { rewordedEmail, rewordedKind, rewordedPop } from '../support/gmail/wizard-variants';

type Messages = Record<string, { message: string }>;
const messages = (lang: 'en' | 'zh_TW'): Messages => JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Messages;
const STATUS = '[data-testid="m2k-wizard-status"]';

type Chrome = { chrome: { storage: { sync: { set(i: unknown): Promise<void> }; session: { get(k: null): Promise<unknown> } } } };

async function storeProfile(s: ChromiumSession): Promise<Page> {
  const ext = await s.context.newPage();
  await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
  await ext.evaluate((p) => (globalThis as unknown as Chrome).chrome.storage.sync.set({ profile: { version: 1, profile: p } }), PROFILE);
  return ext;
}

/** What the POP step served next shows: the reworded form, one with the port missing, or a page we do not know. */
let popPage: 'plain' | 'missing' | 'unknown' = 'missing';
let lang: 'en' | 'zh-TW' = 'en';
const UNKNOWN_PAGE =
  '<!doctype html><html><body><form method="post" action="sendas"><p>Verify it\'s you</p><input type="text" name="code"><button type="submit">Verify</button></form></body></html>';
/** "edit info" of another fetch account: someone else's server and user name. */
const EDIT_OTHER = readFixture('wizard-3-edit.en.html')
  .replace('value="s1234567"', 'value="friend"')
  .replace('value="mail.au.edu.tw"', 'value="pop.other-school.example"');

const routes = () => ({
  ...wizardRoutes('en'),
  [`${WIZARD_PATH}email`]: () => rewordedEmail(lang),
  [`${WIZARD_PATH}kind`]: () => rewordedKind(lang),
  [`${WIZARD_PATH}pop`]: () => (popPage === 'unknown' ? UNKNOWN_PAGE : rewordedPop(lang, popPage)),
  [`${WIZARD_PATH}edit-other`]: EDIT_OTHER,
});

/** The rows of the note's "settings to type by hand": key → shown value. */
const manualRows = (popup: Page) =>
  popup
    .locator('[data-testid="m2k-wizard-manual-row"]')
    .evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-key'), r.querySelector('code')?.textContent ?? ''])));

describe.each([
  ['en', 'en'],
  ['zh-TW', 'zh_TW'],
] as const)("the setup's window, reworded pages and UI in %s (Chromium)", (pageLang, locale) => {
  let s: ChromiumSession;
  let ext: Page;
  const msg = messages(locale);
  beforeAll(async () => {
    lang = pageLang;
    s = await launchChromium({ lang: pageLang });
    await serveFakeGmail(s.context, routes());
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://mail.google.com' });
    ext = await storeProfile(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a step with a field missing: says which, fills nothing, each setting with a copy button that copies it', async () => {
    lang = pageLang;
    popPage = 'missing';
    const { gmail, popup } = await openWizardFromSetup(s);
    await popup.waitForURL(`**${WIZARD_PATH}pop**`, { timeout: 20_000 });
    const status = popup.locator(STATUS);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('missing');
    expect(await status.textContent()).toContain(msg.wiz_field_port!.message);
    // Nothing filled: Gmail's own values are untouched.
    expect(await popup.locator('input[name=s]').inputValue()).toBe('pop.mail.au.edu.tw');
    expect(await popup.locator('input[name=u]').inputValue()).toBe('old');
    expect(await manualRows(popup)).toEqual({
      server: 'mail.au.edu.tw',
      port: '995',
      ssl: msg.wiz_on!.message,
      leaveCopy: msg.wiz_on!.message,
      label: 'Mail2000',
      username: 's1234567',
    });
    const serverCopy = popup.locator('[data-testid="m2k-wizard-manual-row"][data-key="server"] [data-testid="m2k-wizard-manual-copy"]');
    expect(await serverCopy.textContent()).toBe(msg.manual_copy!.message);
    await popup.bringToFront();
    await serverCopy.click();
    await expect.poll(() => serverCopy.textContent()).not.toBe(msg.manual_copy!.message);
    expect(await serverCopy.textContent()).toBe(msg.manual_copied!.message);
    expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe('mail.au.edu.tw');
    const userCopy = popup.locator('[data-testid="m2k-wizard-manual-row"][data-key="username"] [data-testid="m2k-wizard-manual-copy"]');
    await userCopy.click();
    await expect.poll(() => popup.evaluate(() => navigator.clipboard.readText())).toBe('s1234567');
    // "Copy page structure" in the wizard window too, without the person's values.
    const structure = popup.getByTestId('m2k-wizard-copy');
    expect(await structure.textContent()).toBe(msg.wiz_copy_structure!.message);
    await structure.click();
    await expect.poll(() => popup.getByTestId('m2k-wizard-copy').getAttribute('data-ok')).toBe('true');
    const snap = await popup.evaluate(() => navigator.clipboard.readText());
    expect(snap).toContain('input[type=password]');
    expect(snap).not.toContain('pop.mail.au.edu.tw');
    await popup.close();
    await gmail.close();
  });

  it("a page it does not know, in the setup's window: still the note, with the settings by hand", async () => {
    lang = pageLang;
    popPage = 'unknown';
    const { gmail, popup } = await openWizardFromSetup(s);
    await popup.waitForURL(`**${WIZARD_PATH}pop**`, { timeout: 20_000 });
    const status = popup.locator(STATUS);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('unrecognised');
    expect(await status.textContent()).toBe(msg.wiz_unrecognised!.message);
    expect(Object.keys(await manualRows(popup))).toEqual(['server', 'port', 'ssl', 'leaveCopy', 'label', 'username']);
    expect(await popup.getByTestId('m2k-wizard-copy').count()).toBe(1);
    expect(await popup.locator('input[name=code]').inputValue()).toBe('');
    await popup.close();
    await gmail.close();
    void ext;
  });
});

describe('a setup touches only its own window; page script cannot press our buttons (Chromium, en)', () => {
  let s: ChromiumSession;
  let ext: Page;
  beforeAll(async () => {
    lang = 'en';
    s = await launchChromium({ lang: 'en' });
    await serveFakeGmail(s.context, routes());
    ext = await storeProfile(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('"edit info" of another account opened during a setup stays as it was, with no note', async () => {
    popPage = 'plain';
    const { gmail, popup } = await openWizardFromSetup(s);
    await popup.waitForURL(`**${WIZARD_PATH}pop**`, { timeout: 20_000 });
    await expect.poll(() => popup.locator(STATUS).getAttribute('data-state'), { timeout: 15_000 }).toBe('password');
    expect(await popup.locator('input[name=s]').inputValue()).toBe('mail.au.edu.tw');

    // While the setup's window is open, Gmail's "edit info" of another fetch account opens.
    const [edit] = await Promise.all([
      gmail.waitForEvent('popup'),
      gmail.evaluate((p) => void window.open(p, 'editmailacct', 'width=600,height=500'), `${WIZARD_PATH}edit-other`),
    ]);
    await edit.waitForLoadState('load');
    // The wizard's code has run to its end here and decided to stay silent (its mark).
    await expect.poll(() => edit.evaluate(() => document.documentElement.dataset.m2kWizard ?? ''), { timeout: 15_000 }).toBe('silent');
    const values = await edit.locator('input[type=text]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(values).toEqual(['friend', 'pop.other-school.example']);
    expect(await edit.locator('select').first().inputValue()).toBe('110');
    expect(await edit.locator('m2k-wizard-note').count()).toBe(0);
    await edit.close();
    await popup.close();
    await gmail.close();
  });

  it('synthetic clicks from the page on the panel\'s "Set up" and the note\'s buttons do nothing', async () => {
    const gmail = await s.context.newPage();
    await gmail.goto(SETTINGS_URL);
    const setup = gmail.getByTestId('m2k-setup');
    await setup.waitFor({ timeout: 15_000 });
    let popups = 0;
    gmail.on('popup', () => popups++);
    // The page's own script presses the button inside our (open) shadow root, twice over.
    await gmail.evaluate(() => {
      const b = document.querySelector('[data-m2k-panel-host]')!.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="m2k-setup"]')!;
      b.click();
      b.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    });
    await gmail.waitForTimeout(1500);
    expect(popups).toBe(0);
    expect(await gmail.getByTestId('m2k-setup-status').count()).toBe(0);
    // No setup is pending in the background: nothing any window could claim.
    expect(await ext.evaluate(() => (globalThis as unknown as Chrome).chrome.storage.session.get(null))).toEqual({});

    // A wizard opened by hand offers "Fill Mail2000 settings"; the page's script pressing it fills nothing.
    const [popup] = await Promise.all([gmail.waitForEvent('popup'), gmail.getByText('Add a mail account', { exact: true }).click()]);
    await expect.poll(() => popup.locator(STATUS).getAttribute('data-state'), { timeout: 15_000 }).toBe('offer');
    await popup.evaluate(() => {
      const root = document.querySelector('m2k-wizard-note')!.shadowRoot!;
      root.querySelector<HTMLButtonElement>('[data-testid="m2k-wizard-fill"]')!.click();
      root.querySelector<HTMLButtonElement>('.close')!.click();
    });
    await popup.waitForTimeout(1500);
    expect(await popup.locator('input[data-truth=address]').inputValue()).toBe('');
    expect(await popup.locator('m2k-wizard-note').count()).toBe(1);
    expect(popup.url()).toContain(`${WIZARD_PATH}email`);
    // The person's own click still works.
    await popup.getByTestId('m2k-wizard-fill').click();
    await popup.waitForURL(`**${WIZARD_PATH}kind**`, { timeout: 15_000 });
    await popup.close();
    await gmail.close();
  });
});
