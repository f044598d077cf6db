// The whole one-click setup in real Chromium with the built extension: Gmail's settings page (our
// fixture, served as https://mail.google.com/mail/u/0/#settings/accounts) opens the wizard with
// window.open; every step is a new page load; the extension fills steps 1–3, the test types the
// password and presses "Add Account" as the person would, the extension answers "send mail as" No.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialog, Page, Request } from 'playwright-core';
import { launchChromium, serveFakeGmail, type ChromiumSession } from '../support/browsers';
import { PASSWORD, PROFILE, SETTINGS_URL, WIZARD_PATH, wizardRoutes } from '../support/gmail/wizard-routes';
import { readFixture } from '../support/gmail/fixtures';
import { openWizardFromSetup, readEnPopForm, FILLED_EN_POP_FORM } from '../support/gmail/wizard-pages';

type Messages = Record<string, { message: string }>;
const messages = (lang: 'en' | 'zh_TW'): Messages => JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Messages;

const STATUS = '[data-testid="m2k-wizard-status"]';

interface ExtStorage {
  get(k: null): Promise<Record<string, unknown>>;
  set(i: unknown): Promise<void>;
  clear(): Promise<void>;
}
type Chrome = {
  chrome: { storage: { sync: ExtStorage; local: ExtStorage; session: ExtStorage }; runtime: { sendMessage(m: unknown): Promise<unknown> } };
};

/** All three storage areas, read from an extension page (the real storage). */
const allStorage = (page: Page) =>
  page.evaluate(async () => {
    const s = (globalThis as unknown as Chrome).chrome.storage;
    return { sync: await s.sync.get(null), local: await s.local.get(null), session: await s.session.get(null) };
  });

/** Every file under `dir` (bounded), for searching the extension's on-disk storage. */
function filesUnder(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 6 || out.length > 5000) return out;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) filesUnder(p, out, depth + 1);
    else out.push(p);
  }
  return out;
}

async function setup(s: ChromiumSession, profile: Record<string, unknown>): Promise<Page> {
  const ext = await s.context.newPage();
  await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
  await ext.evaluate((p) => (globalThis as unknown as Chrome).chrome.storage.sync.set({ profile: { version: 1, profile: p } }), profile);
  return ext;
}

describe("one-click setup through Gmail's wizard (Chromium, en)", () => {
  let s: ChromiumSession;
  let ext: Page;
  const en = messages('en');
  beforeAll(async () => {
    s = await launchChromium({ lang: 'en' });
    await serveFakeGmail(s.context, wizardRoutes('en'));
    ext = await setup(s, PROFILE);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('fills every step, leaves the password to the person, answers "send mail as" No, stores no password', async () => {
    const { gmail, popup } = await openWizardFromSetup(s);

    const dialogs: string[] = [];
    popup.on('dialog', (d: Dialog) => {
      dialogs.push(`${d.type()}:${d.message()}`);
      // The person types the label's name into Gmail's own prompt.
      void d.accept('Mail2000');
    });
    const requests: Request[] = [];
    popup.on('request', (r) => {
      if (r.url().includes(WIZARD_PATH)) requests.push(r);
    });

    // Steps 1 and 2 go by on their own; step 3 waits for the password.
    await popup.waitForURL(`**${WIZARD_PATH}pop**`, { timeout: 20_000 });
    const status = popup.locator(STATUS);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('password');
    expect(await status.textContent()).toBe(en.wiz_password_left!.message);

    const step1 = requests.find((r) => r.url().includes(`${WIZARD_PATH}kind`))!;
    expect(new URL(step1.url()).searchParams.get('cx91')).toBe(PROFILE.address);
    const step2 = requests.find((r) => r.url().includes(`${WIZARD_PATH}pop`))!;
    expect(new URL(step2.url()).searchParams.get('k')).toBe('p');

    const form = await popup.evaluate(readEnPopForm);
    expect(form).toEqual(FILLED_EN_POP_FORM);
    expect(dialogs).toEqual(['prompt:Please enter a new label name:']);
    // Nothing pressed "Add Account": no POST yet.
    expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);

    // The person types the password (the cursor is already in its field) and presses Add Account.
    await popup.keyboard.type(PASSWORD);
    await popup.getByRole('button', { name: 'Add Account »' }).click();
    await popup.waitForURL(`**${WIZARD_PATH}done**`, { timeout: 20_000 });

    const post = requests.find((r) => r.method() === 'POST')!;
    const body = new URLSearchParams(post.postData() ?? '');
    expect(body.get('r_p')).toBe(PASSWORD);
    expect(body.get('r_o')).toBe('995');
    const step4 = requests.find((r) => r.url().includes(`${WIZARD_PATH}done`))!;
    expect(new URL(step4.url()).searchParams.get('sa')).toBe('0');

    // The intent is used up, and the password is nowhere in the extension's storage.
    const stored = await allStorage(ext);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(JSON.stringify(stored.session)).not.toMatch(/intent/i);
    expect(stored.session).toEqual({});
    expect(await popup.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(PASSWORD);
    const extFiles = filesUnder(join(s.userDataDir, 'Default')).filter((f) => f.includes(s.extensionId));
    expect(extFiles.length).toBeGreaterThan(0);
    for (const f of extFiles) expect(readFileSync(f).includes(Buffer.from(PASSWORD)), f).toBe(false);
    await popup.close();
    await gmail.close();
  });

  it('a wizard opened without the setup button fills nothing and offers "Fill Mail2000 settings"', async () => {
    const gmail = await s.context.newPage();
    await gmail.goto(SETTINGS_URL);
    const [popup] = await Promise.all([gmail.waitForEvent('popup'), gmail.getByText('Add a mail account', { exact: true }).click()]);
    const status = popup.locator(STATUS);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('offer');
    expect(await popup.locator('#cx91').inputValue()).toBe('');
    const fill = popup.getByTestId('m2k-wizard-fill');
    expect(await fill.textContent()).toBe(en.wiz_fill_button!.message);
    // Pressing it makes this window fill itself from here on.
    await fill.click();
    await popup.waitForURL(`**${WIZARD_PATH}pop**`, { timeout: 20_000 });
    await expect.poll(() => popup.locator(STATUS).getAttribute('data-state'), { timeout: 15_000 }).toBe('password');
    await popup.close();
    await gmail.close();
  });

  it('"edit info" on the Mail2000 row lists the differences and corrects them without saving', async () => {
    const gmail = await s.context.newPage();
    await gmail.goto(SETTINGS_URL);
    const [popup] = await Promise.all([gmail.waitForEvent('popup'), gmail.locator('#m2k-fx-edit').click()]);
    const status = popup.locator(STATUS);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('compare');
    const items = await popup.locator('m2k-wizard-note li').allTextContents();
    expect(items).toContain('Port: now 110, should be 995');
    await popup.getByTestId('m2k-wizard-correct').click();
    await expect.poll(() => status.getAttribute('data-state')).toBe('corrected');
    expect(await popup.locator('select[aria-labelledby=lo]').inputValue()).toBe('995');
    expect(await popup.locator('input[type=password]').inputValue()).toBe('');
    expect(popup.url()).toContain(`${WIZARD_PATH}edit`);
    await popup.close();
    await gmail.close();
  });
});

describe('Gmail in Traditional Chinese, extension in zh-TW (Chromium)', () => {
  let s: ChromiumSession;
  let ext: Page;
  const zh = messages('zh_TW');
  beforeAll(async () => {
    s = await launchChromium({ lang: 'zh-TW' });
    await serveFakeGmail(s.context, wizardRoutes('zh-TW'));
    ext = await setup(s, { ...PROFILE, popPort: 110, archive: true });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('fills the zh-TW steps (existing label, port 110 without SSL, archive), then "send mail as" No', async () => {
    const { gmail, popup } = await openWizardFromSetup(s);
    const dialogs: string[] = [];
    popup.on('dialog', (d: Dialog) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await popup.waitForURL(`**${WIZARD_PATH}pop**`, { timeout: 20_000 });
    const status = popup.locator(STATUS);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('password');
    expect(await status.textContent()).toBe(zh.wiz_password_left!.message);
    const form = await popup.evaluate(() => {
      const f = document.querySelector('form')!.elements as unknown as Record<string, HTMLInputElement>;
      return {
        user: f.f1!.value,
        server: f.f3!.value,
        port: f.f4!.value,
        password: f.f2!.value,
        note: f.note!.value,
        ssl: f.b9!.checked,
        keep: f.b2!.checked,
        labelOn: f.b4!.checked,
        label: f.b5!.value,
        archive: f.b1!.checked,
        focused: (document.activeElement as HTMLInputElement | null)?.name,
      };
    });
    expect(form).toEqual({
      user: 's1234567',
      server: 'mail.au.edu.tw',
      port: '110',
      password: '',
      note: '',
      ssl: false,
      keep: true,
      labelOn: true,
      label: 'Mail2000',
      archive: true,
      focused: 'f2',
    });
    expect(dialogs).toEqual([]);
    await popup.keyboard.type(PASSWORD);
    await popup.getByRole('button', { name: '新增帳戶 »' }).click();
    await popup.waitForURL(`**${WIZARD_PATH}done?w=n`, { timeout: 20_000 });
    expect(JSON.stringify(await allStorage(ext))).not.toContain(PASSWORD);
    await popup.close();
    await gmail.close();
  });
});

describe('Gmail refuses the account (Chromium, en)', () => {
  let s: ChromiumSession;
  const en = messages('en');
  beforeAll(async () => {
    s = await launchChromium({ lang: 'en' });
    // After "Add Account" this Gmail answers with the settings form again and its error.
    await serveFakeGmail(s.context, { ...wizardRoutes('en'), [`${WIZARD_PATH}sendas`]: readFixture('wizard-3-pop-error.en.html') });
    await setup(s, PROFILE);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("explains the error's cause and fix in the status note and puts the cursor back in the password", async () => {
    const { gmail, popup } = await openWizardFromSetup(s);
    popup.on('dialog', (d: Dialog) => void d.accept('Mail2000'));
    const status = popup.locator(STATUS);
    await popup.waitForURL(`**${WIZARD_PATH}pop**`, { timeout: 20_000 });
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('password');
    await popup.keyboard.type('the-wrong-one');
    await popup.getByRole('button', { name: 'Add Account »' }).click();
    await popup.waitForURL(`**${WIZARD_PATH}sendas`, { timeout: 20_000 });
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('error');
    expect(await status.textContent()).toBe(en.audit_auth_denied_title!.message);
    const details = await popup.locator('m2k-wizard-note li').allTextContents();
    expect(details).toEqual([en.audit_auth_denied_cause!.message, en.audit_auth_denied_fix!.message]);
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('p1');
    await popup.close();
    await gmail.close();
  });
});
