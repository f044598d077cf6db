// Options page in real Chromium with the built extension: edit, save, reload, values kept; bad input
// refused with messages; labels in en and zh-TW; a broken stored value is repaired with a notice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/browsers/chromium';
import { localeMessages } from '../support/i18n/locale';

type Messages = ReturnType<typeof localeMessages>;
const EN = localeMessages('en');
const ZH = localeMessages('zh_TW');
const msg = (m: Messages, k: string) => m[k]!.message;

const id = (testId: string) => `[data-testid="${testId}"]`;

/** Reads/writes chrome.storage.sync from the extension page itself (the real storage, not a fake). */
const storageGet = (page: Page) =>
  page.evaluate(() =>
    (
      globalThis as unknown as { chrome: { storage: { sync: { get(k: null): Promise<Record<string, unknown>> } } } }
    ).chrome.storage.sync.get(null),
  );
const storageSet = (page: Page, items: Record<string, unknown>) =>
  page.evaluate(
    (it) => (globalThis as unknown as { chrome: { storage: { sync: { set(i: unknown): Promise<void> } } } }).chrome.storage.sync.set(it),
    items,
  );
const storageClear = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { chrome: { storage: { sync: { clear(): Promise<void> } } } }).chrome.storage.sync.clear());

/** Text of the <label for> that names the input with this test id. */
const labelOf = (page: Page, testId: string) =>
  page.evaluate((tid) => {
    const el = document.querySelector(`[data-testid="${tid}"]`);
    return el?.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? null) : null;
  }, testId);

describe('options page (en)', () => {
  let s: ChromiumSession;
  let page: Page;
  let url: string;
  beforeAll(async () => {
    s = await launchChromium({ lang: 'en' });
    url = `chrome-extension://${s.extensionId}/options.html`;
    page = await s.context.newPage();
    await page.goto(url);
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(async () => {
    await storageClear(page);
    await page.reload();
    await page.locator(id('m2k-opt-address')).waitFor();
  });

  it('shows the Mail2000 defaults with labelled inputs', async () => {
    await expect(page.title()).resolves.toBe(msg(EN, 'opt_title'));
    expect(await page.locator(id('m2k-opt-address')).inputValue()).toBe('');
    expect(await page.locator(id('m2k-opt-port')).inputValue()).toBe('995');
    expect(await page.locator(id('m2k-opt-keepcopy')).isChecked()).toBe(true);
    expect(await page.locator(id('m2k-opt-label')).isChecked()).toBe(true);
    expect(await page.locator(id('m2k-opt-label-name')).inputValue()).toBe('Mail2000');
    expect(await page.locator(id('m2k-opt-archive')).isChecked()).toBe(false);
    expect(await page.locator(id('m2k-opt-host')).inputValue()).toBe('mail.au.edu.tw');
    expect(await page.locator(id('m2k-opt-port-imaps')).inputValue()).toBe('993');
    // Every input is labelled, and the labels come from the en locale.
    const labels: Record<string, string> = {
      'm2k-opt-address': 'opt_address',
      'm2k-opt-username': 'opt_username',
      'm2k-opt-port': 'opt_pop_port',
      'm2k-opt-keepcopy': 'opt_keepcopy',
      'm2k-opt-label': 'opt_label',
      'm2k-opt-label-name': 'opt_label_name',
      'm2k-opt-archive': 'opt_archive',
      'm2k-opt-host': 'opt_host',
    };
    for (const [tid, key] of Object.entries(labels)) expect(await labelOf(page, tid), tid).toBe(msg(EN, key));
    const unlabelled = await page.evaluate(
      () =>
        // Labelled by <label for> or by a wrapping <label>.
        [...document.querySelectorAll('input')].filter(
          (i) => !i.closest('label') && !(i.id && document.querySelector(`label[for="${i.id}"]`)),
        ).length,
    );
    expect(unlabelled).toBe(0);
    expect(await page.locator(id('m2k-opt-error')).count()).toBe(0);
    expect(await page.locator(id('m2k-opt-repaired')).count()).toBe(0);
    // The password check (components/PasswordCheck.tsx) sits outside the form: nothing typed there is saved.
    expect(await page.locator('form [data-testid="m2k-pw-check"]').count()).toBe(0);
    expect(await page.locator(id('m2k-pw-check')).count()).toBe(1);
  });

  it('edits, saves to storage.sync, and keeps the values after a reload', async () => {
    await page.fill(id('m2k-opt-address'), 'alice@mail.au.edu.tw');
    await page.fill(id('m2k-opt-username'), 'alice01');
    await page.fill(id('m2k-opt-port'), '110');
    await page.uncheck(id('m2k-opt-keepcopy'));
    await page.fill(id('m2k-opt-label-name'), '學校信箱');
    await page.check(id('m2k-opt-archive'));
    await page.click('summary');
    await page.fill(id('m2k-opt-host'), 'mail.example.edu.tw');
    await page.fill(id('m2k-opt-port-submission'), '2587');
    await page.click(id('m2k-opt-save'));
    // 110 is plain text: it is saved only after a confirmation of its own.
    await page.click(id('m2k-opt-plain-yes'));
    await expect(page.locator(id('m2k-opt-saved')).textContent()).resolves.toBe(msg(EN, 'opt_saved'));

    const stored = await storageGet(page);
    expect(stored.profile).toMatchObject({
      version: 1,
      profile: {
        address: 'alice@mail.au.edu.tw',
        username: 'alice01',
        popPort: 110,
        keepCopy: false,
        label: true,
        labelName: '學校信箱',
        archive: true,
        host: 'mail.example.edu.tw',
        ports: { submission: 2587, pop3s: 995 },
      },
    });

    await page.reload();
    await page.locator(id('m2k-opt-address')).waitFor();
    expect(await page.locator(id('m2k-opt-address')).inputValue()).toBe('alice@mail.au.edu.tw');
    expect(await page.locator(id('m2k-opt-username')).inputValue()).toBe('alice01');
    expect(await page.locator(id('m2k-opt-port')).inputValue()).toBe('110');
    expect(await page.locator(id('m2k-opt-keepcopy')).isChecked()).toBe(false);
    expect(await page.locator(id('m2k-opt-label-name')).inputValue()).toBe('學校信箱');
    expect(await page.locator(id('m2k-opt-archive')).isChecked()).toBe(true);
    expect(await page.locator(id('m2k-opt-host')).inputValue()).toBe('mail.example.edu.tw');
    expect(await page.locator(id('m2k-opt-port-submission')).inputValue()).toBe('2587');
  });

  it('refuses bad input with a message on each field and stores nothing', async () => {
    await page.fill(id('m2k-opt-address'), 'alice at school');
    await page.fill(id('m2k-opt-port'), '996');
    await page.fill(id('m2k-opt-label-name'), '   ');
    await page.click('summary');
    await page.fill(id('m2k-opt-host'), 'bad host!');
    await page.fill(id('m2k-opt-port-imap'), '70000');
    await page.click(id('m2k-opt-save'));

    const errors = await page.locator(id('m2k-opt-error')).allTextContents();
    expect(errors.sort()).toEqual(
      ['opt_err_address_invalid', 'opt_err_pop_port', 'opt_err_label_empty', 'opt_err_host', 'opt_err_port_range']
        .map((k) => msg(EN, k))
        .sort(),
    );
    expect(await page.locator(id('m2k-opt-saved')).count()).toBe(0);
    expect(await page.locator(id('m2k-opt-status')).textContent()).toBe(msg(EN, 'opt_refused'));
    expect(await page.locator(id('m2k-opt-address')).getAttribute('aria-invalid')).toBe('true');
    // Focus goes to the first field in error so the keyboard user lands where the fix is.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('m2k-opt-address');
    expect((await storageGet(page)).profile).toBeUndefined();

    // Fixing the fields clears their messages and lets the save through.
    await page.fill(id('m2k-opt-address'), 'alice@mail.au.edu.tw');
    await page.fill(id('m2k-opt-port'), '995');
    await page.uncheck(id('m2k-opt-label'));
    await page.fill(id('m2k-opt-host'), 'mail.au.edu.tw');
    await page.fill(id('m2k-opt-port-imap'), '143');
    expect(await page.locator(id('m2k-opt-error')).count()).toBe(0);
    await page.click(id('m2k-opt-save'));
    await page.locator(id('m2k-opt-saved')).waitFor();
    expect(await storageGet(page)).toMatchObject({
      profile: { profile: { address: 'alice@mail.au.edu.tw', label: false, labelName: 'Mail2000' } },
    });
  });

  it('shows a message when leaving a bad field, before saving', async () => {
    await page.fill(id('m2k-opt-port'), '465');
    expect(await page.locator(id('m2k-opt-error')).count()).toBe(0);
    await page.press(id('m2k-opt-port'), 'Tab');
    expect(await page.locator(id('m2k-opt-error')).allTextContents()).toEqual([msg(EN, 'opt_err_pop_port')]);
  });

  it('is usable with the keyboard alone: Tab to fields, Space toggles, Enter saves', async () => {
    await page.focus(id('m2k-opt-address'));
    await page.keyboard.type('kbd@mail.au.edu.tw');
    await page.keyboard.press('Tab'); // username
    await page.keyboard.press('Tab'); // POP port
    await page.keyboard.press('Control+A');
    await page.keyboard.type('110');
    await page.keyboard.press('Tab'); // keep a copy
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('m2k-opt-keepcopy');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    // The confirmation takes the focus on its safe choice; the other one is a Tab away.
    await page.locator(id('m2k-opt-plain-confirm')).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('m2k-opt-plain-no');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator(id('m2k-opt-saved')).waitFor();
    expect(await storageGet(page)).toMatchObject({
      profile: { profile: { address: 'kbd@mail.au.edu.tw', popPort: 110, keepCopy: false } },
    });
  });

  it('plain text (110) needs its own confirmation, shows the not-secure finding next to the port, and is never stamped verified', async () => {
    const verified = { at: Date.now() - 1000, how: 'helper', host: 'mail.au.edu.tw' };
    await storageSet(page, { profile: { version: 1, profile: { address: 'amy@mail.au.edu.tw', popPort: 995, verified } } });
    await page.reload();
    await page.locator(id('m2k-opt-verified')).waitFor();
    expect(await page.locator(id('m2k-opt-not-secure')).count()).toBe(0);

    await page.fill(id('m2k-opt-port'), '110');
    const finding = page.locator(id('m2k-opt-not-secure'));
    expect(await finding.getAttribute('data-code')).toBe('not-secure');
    expect(await finding.innerText()).toContain(msg(EN, 'audit_not_secure_title'));
    await page.click(id('m2k-opt-save'));
    const ask = page.locator(id('m2k-opt-plain-confirm'));
    expect(await ask.innerText()).toContain(msg(EN, 'opt_plain_confirm_title'));
    // Nothing is saved until the person chooses; "Use 995" goes back to SSL without saving.
    expect(await storageGet(page)).toMatchObject({ profile: { profile: { popPort: 995 } } });
    await page.click(id('m2k-opt-plain-no'));
    expect(await page.locator(id('m2k-opt-port')).inputValue()).toBe('995');
    expect(await ask.count()).toBe(0);
    expect(await finding.count()).toBe(0);
    expect(await storageGet(page)).toMatchObject({ profile: { profile: { popPort: 995, verified } } });

    await page.fill(id('m2k-opt-port'), '110');
    await page.click(id('m2k-opt-save'));
    await page.click(id('m2k-opt-plain-yes'));
    await page.locator(id('m2k-opt-saved')).waitFor();
    const stored = (await storageGet(page)) as { profile: { profile: Record<string, unknown> } };
    expect(stored.profile.profile.popPort).toBe(110);
    expect(stored.profile.profile).not.toHaveProperty('verified');
    expect(await page.locator(id('m2k-opt-verified')).count()).toBe(0);
    // The finding stays next to the stored plain-text port.
    await page.reload();
    await page.locator(id('m2k-opt-not-secure')).waitFor();
  });

  it('repairs a broken stored value field by field and says which fields', async () => {
    await storageSet(page, {
      profile: { version: 1, profile: { address: 'bob@mail.au.edu.tw', popPort: 443, labelName: 42, ports: { imap: -1 } } },
    });
    await page.reload();
    const notice = page.locator(id('m2k-opt-repaired'));
    await notice.waitFor();
    const items = await notice.locator('li').allTextContents();
    expect(items.sort()).toEqual(['opt_pop_port', 'opt_label_name', 'opt_port_imap'].map((k) => msg(EN, k)).sort());
    // Good fields kept, broken ones back to defaults; the page is fully usable.
    expect(await page.locator(id('m2k-opt-address')).inputValue()).toBe('bob@mail.au.edu.tw');
    expect(await page.locator(id('m2k-opt-port')).inputValue()).toBe('995');
    expect(await page.locator(id('m2k-opt-port-imap')).inputValue()).toBe('143');
    expect(await page.locator(id('m2k-opt-port-imap')).isVisible()).toBe(true); // Advanced opened for a repaired port
    await page.click(id('m2k-opt-save'));
    await page.locator(id('m2k-opt-saved')).waitFor();
    expect(await notice.count()).toBe(0);
    await page.reload();
    await page.locator(id('m2k-opt-address')).waitFor();
    expect(await page.locator(id('m2k-opt-repaired')).count()).toBe(0);
  });

  it('follows a save made in another tab (storage.onChanged) while untouched', async () => {
    const other = await s.context.newPage();
    await other.goto(url);
    await other.locator(id('m2k-opt-address')).waitFor();
    await page.fill(id('m2k-opt-address'), 'tab@mail.au.edu.tw');
    await page.click(id('m2k-opt-save'));
    await page.locator(id('m2k-opt-saved')).waitFor();
    await other.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === 'tab@mail.au.edu.tw',
      id('m2k-opt-address'),
      { timeout: 5000 },
    );
    await other.close();
  });

  it('migrates an unversioned (v0) stored value without a notice', async () => {
    await storageSet(page, { profile: { email: 'old@mail.au.edu.tw', port: '110', labelName: '' } });
    await page.reload();
    await page.locator(id('m2k-opt-address')).waitFor();
    expect(await page.locator(id('m2k-opt-address')).inputValue()).toBe('old@mail.au.edu.tw');
    expect(await page.locator(id('m2k-opt-port')).inputValue()).toBe('110');
    expect(await page.locator(id('m2k-opt-label')).isChecked()).toBe(false);
    expect(await page.locator(id('m2k-opt-repaired')).count()).toBe(0);
  });
});

describe('options page (zh-TW)', () => {
  let s: ChromiumSession;
  afterAll(async () => {
    await s?.close();
  });

  it('shows zh-TW labels and messages', async () => {
    s = await launchChromium({ lang: 'zh-TW' });
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/options.html`);
    await page.locator(id('m2k-opt-address')).waitFor();
    expect(await page.title()).toBe(msg(ZH, 'opt_title'));
    expect(await labelOf(page, 'm2k-opt-address')).toBe(msg(ZH, 'opt_address'));
    expect(await labelOf(page, 'm2k-opt-label-name')).toBe(msg(ZH, 'opt_label_name'));
    expect(await page.locator(id('m2k-opt-save')).textContent()).toBe(msg(ZH, 'opt_save'));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hant-TW');
    await page.fill(id('m2k-opt-port'), '25');
    await page.click(id('m2k-opt-save'));
    const errors = await page.locator(id('m2k-opt-error')).allTextContents();
    expect(errors.sort()).toEqual([msg(ZH, 'opt_err_address_required'), msg(ZH, 'opt_err_pop_port')].sort());
    expect(msg(ZH, 'opt_err_pop_port')).not.toBe(msg(EN, 'opt_err_pop_port'));
  });
});
