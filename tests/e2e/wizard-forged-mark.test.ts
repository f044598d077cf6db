// Page-writable storage is no boundary: a window Gmail's page opens that carries a forged setup
// mark in its sessionStorage (what older versions of the wizard trusted) fills nothing, in
// Chromium and in Firefox. Only the background's setup bound to the window's tab fills
// (entrypoints/background/setup-intent.ts); here "Set up" was never pressed, so the note offers
// "Fill Mail2000 settings" and every field stays as Gmail's page had it.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { launchChromium, launchFirefox, serveFakeGmail, type ChromiumSession, type FirefoxSession } from '../support/browsers';
import { firefoxProfileWithSync } from '../support/browsers/firefox-profile';
import { PROFILE, SETTINGS_URL, WIZARD_PATH, wizardRoutes } from '../support/gmail/wizard-routes';
import { readFixture } from '../support/gmail/fixtures';
import { waitFor } from '../support/poll';

/** The page's own script writes a fresh, "asked" setup mark and a list of submitted steps before we run. */
const FORGE = `<script>sessionStorage.setItem('m2k-setup', JSON.stringify({ at: Date.now(), asked: true }));</script>`;
const forged = (fixture: string) => readFixture(fixture).replace('<body>', `<body>${FORGE}`);

const routes = {
  ...wizardRoutes('en'),
  [`${WIZARD_PATH}forged-email`]: forged('wizard-1-email.en.html'),
  [`${WIZARD_PATH}forged-pop`]: forged('wizard-3-pop.en.html'),
};

// Each case opens a window of its own name: the previous case's window, closed a moment ago, can
// still answer to a shared name in the opener, and window.open would then reuse it with no popup.
/** Each forged page, and its fields as Gmail's page has them (the search box first, then the form). */
const CASES = [
  ['forged-email', { values: [''], boxes: [] as boolean[] }],
  [
    'forged-pop',
    { values: ['', 's1234567', '', 'pop.mail.au.edu.tw', '110', 's1234567@mail.au.edu.tw'], boxes: [false, false, false, false] },
  ],
] as const;

/** What a forged page shows once our note has decided: its state, the fields as Gmail's page left them, and the forged mark. */
const readPage = () => {
  const note = document.querySelector('m2k-wizard-note')?.shadowRoot?.querySelector('[data-testid="m2k-wizard-status"]');
  const values = Array.from(document.querySelectorAll<HTMLInputElement>('input[type=text], input[type=password], select')).map(
    (e) => e.value,
  );
  const boxes = Array.from(document.querySelectorAll<HTMLInputElement>('input[type=checkbox]')).map((e) => e.checked);
  return { state: note?.getAttribute('data-state') ?? null, values, boxes, mark: sessionStorage.getItem('m2k-setup') !== null };
};

describe('a forged sessionStorage mark in a Gmail pop-out (Chromium)', () => {
  let s: ChromiumSession;
  let gmail: PwPage;
  beforeAll(async () => {
    s = await launchChromium();
    await serveFakeGmail(s.context, routes);
    const ext = await s.context.newPage();
    await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
    await ext.evaluate(
      (p) =>
        (globalThis as unknown as { chrome: { storage: { sync: { set(i: unknown): Promise<void> } } } }).chrome.storage.sync.set({
          profile: { version: 1, profile: p },
        }),
      PROFILE,
    );
    gmail = await s.context.newPage();
    await gmail.goto(SETTINGS_URL);
    await gmail.getByTestId('m2k-setup').waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each(CASES)('%s: the note offers to fill, nothing is filled', async (path, expected) => {
    const [popup] = await Promise.all([
      gmail.waitForEvent('popup'),
      gmail.evaluate((p) => void window.open(`${p.dir}${p.name}`, p.name, 'width=600,height=500'), { dir: WIZARD_PATH, name: path }),
    ]);
    await expect.poll(() => popup.evaluate(readPage).then((p) => p.state), { timeout: 15_000 }).toBe('offer');
    const page = await popup.evaluate(readPage);
    expect(page.mark).toBe(true);
    expect({ values: page.values, boxes: page.boxes }).toEqual(expected);
    await popup.close();
  });
});

describe('a forged sessionStorage mark in a Gmail pop-out (Firefox)', () => {
  let ff: FirefoxSession;
  let profileDir: string;
  let gmail: PpPage;
  beforeAll(async () => {
    profileDir = firefoxProfileWithSync({ profile: { version: 1, profile: PROFILE } });
    ff = await launchFirefox({ args: ['--profile', profileDir], routes });
    gmail = await ff.newPage();
    await gmail.goto(SETTINGS_URL, { timeout: 30_000 });
    await gmail.waitForSelector('>>> [data-testid="m2k-setup"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await ff?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it.each(CASES)('%s: the note offers to fill, nothing is filled', async (path, expected) => {
    const popupPromise = new Promise<PpPage>((resolve) => gmail.once('popup', (p) => resolve(p as PpPage)));
    await gmail.evaluate((p) => void window.open(`${p.dir}${p.name}`, p.name, 'width=600,height=500'), { dir: WIZARD_PATH, name: path });
    const popup = await popupPromise;
    await waitFor(
      'our note',
      () => popup.evaluate(readPage),
      (p) => p.state === 'offer',
    );
    const page = await popup.evaluate(readPage);
    expect(page.mark).toBe(true);
    expect({ values: page.values, boxes: page.boxes }).toEqual(expected);
    await popup.close();
  });
});
