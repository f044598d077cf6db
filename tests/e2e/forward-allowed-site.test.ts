// A Mail2000 webmail that is not a known site: the assistant runs there only once the person
// allowed that origin (an optional host permission) and the background registered the content
// script at run time; removing the permission removes it. The browsers' own permission question
// cannot be answered from automation, so the grant is written into the profile before the browser
// starts (tests/support/browsers/granted.ts); that the options page's button asks the browser is
// checked as far as automation can: the question is pending.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchFirefox, tempDir, type ChromiumSession, type FirefoxSession } from '../support/browsers';
import { pressPanelButton } from '../support/browsers/firefox-panel';
import { grantInChromiumProfile, grantInFirefoxProfile } from '../support/browsers/granted';
import { firefoxProfileWithSync } from '../support/browsers/firefox-profile';
import { DEFAULT_VARIANT, webmailRoutes } from '../support/mail2000/webmail-routes';
import {
  frameAt,
  gmailSettingsPage,
  launchForwarding,
  logIn,
  noteState,
  openGmail,
  pressForward,
  SETTINGS_URL,
} from '../support/mail2000/chromium';
import { forwardNoteState, GMAIL } from '../support/mail2000/fixtures';
import { waitFor } from '../support/poll';

const HOST = 'webmail.school.example';
const ORIGIN = `https://${HOST}`;
type Chrome = { chrome: { storage: { sync: { set(i: unknown): Promise<void> } } } };

describe('a webmail the person allowed (Chromium)', () => {
  let s: ChromiumSession;
  let dir: string;
  let ext: Page;
  beforeAll(async () => {
    dir = tempDir('granted-');
    await grantInChromiumProfile(dir, [`${ORIGIN}/*`]);
    ({ s, extPage: ext } = await launchForwarding(() => DEFAULT_VARIANT, {
      host: HOST,
      profile: { address: 's1234567@school.example', host: HOST },
      launch: { userDataDir: dir, lang: 'en' },
    }));
  });
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the options page lists it; the assistant is registered there and runs from the panel', async () => {
    await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
    await expect
      // A fresh browser's first read of its policy (storage.managed) takes seconds; the page shows the profile after it.
      .poll(() => ext.locator('[data-testid="m2k-webmail-allowed"] li').evaluateAll((l) => l.map((e) => e.getAttribute('data-host'))), {
        timeout: 15_000,
      })
      .toEqual([HOST]);
    expect(await ext.getByTestId('m2k-webmail-known').textContent()).toContain('mail.au.edu.tw');
    const gmail = await openGmail(s);
    const tab = await pressForward(s, gmail);
    await expect.poll(() => gmail.getByTestId('m2k-forward-outcome').getAttribute('data-outcome')).toBe('opening');
    await tab.waitForURL(`${ORIGIN}/cgi-bin/login`, { timeout: 15_000 });
    await expect.poll(() => noteState(tab), { timeout: 15_000 }).toBe('login');
    await logIn(tab);
    const main = await frameAt(tab, 'main', '/cgi-bin/forward');
    await expect.poll(() => noteState(main), { timeout: 15_000 }).toBe('filled');
    expect(await main.locator('input[name=fw_to]').inputValue()).toBe(GMAIL);
    await tab.close();
    await gmail.close();
  });

  it('removed on the options page: the assistant no longer runs there', async () => {
    await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
    await ext.getByTestId('m2k-webmail-remove').click();
    await expect.poll(() => ext.locator('[data-testid="m2k-webmail-allowed"] li').count()).toBe(0);
    const worker = s.context.serviceWorkers()[0]!;
    await expect
      .poll(() =>
        worker.evaluate(
          async () =>
            (
              await (
                globalThis as unknown as { chrome: { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } } }
              ).chrome.scripting.getRegisteredContentScripts()
            ).length,
        ),
      )
      .toBe(0);
    const tab = await s.context.newPage();
    await tab.goto(`${ORIGIN}/cgi-bin/login`);
    await tab.waitForTimeout(1500);
    expect(await tab.evaluate(() => document.documentElement.dataset.m2kAssistant ?? null)).toBeNull();
    await tab.close();
  });

  it('a site never allowed: the panel says so and opens the options page there; its button asks the browser', async () => {
    const other = 'webmail2.school.example';
    await ext.evaluate((p) => (globalThis as unknown as Chrome).chrome.storage.sync.set({ profile: { version: 1, profile: p } }), {
      address: 's1234567@school.example',
      host: other,
    });
    const gmail = await s.context.newPage();
    await gmail.goto(SETTINGS_URL);
    await gmail.getByTestId('m2k-forward-start').waitFor({ timeout: 20_000 });
    const tab = await pressForward(s, gmail);
    await expect.poll(() => gmail.getByTestId('m2k-forward-outcome').getAttribute('data-outcome')).toBe('not-assisted');
    await tab.close();
    // With no options tab open the background opens one (an open one would be reused, moved to the new fragment).
    await ext.close();
    const [options] = await Promise.all([s.context.waitForEvent('page'), gmail.getByTestId('m2k-forward-allow').click()]);
    await options.waitForURL(`**/options.html#webmail=${other}`);
    await options.getByTestId('m2k-webmail-from-gmail').waitFor();
    expect(await options.getByTestId('m2k-webmail-host').inputValue()).toBe(other);
    await options.getByTestId('m2k-webmail-allow').click();
    // The browser's question is now open (automation cannot answer it): the page waits for the answer.
    await expect.poll(() => options.getByTestId('m2k-webmail-asked').getAttribute('data-state')).toBe('asking');
    await options.close();
    await gmail.close();
  });

  it('the site removed before, asked again: the browser keeps the earlier yes, and the assistant is back', async () => {
    const options = await s.context.newPage();
    await options.goto(`chrome-extension://${s.extensionId}/options.html`);
    await options.getByTestId('m2k-webmail-host').fill('http://plain.example/');
    await options.getByTestId('m2k-webmail-allow').click();
    await expect.poll(() => options.getByTestId('m2k-webmail-asked').getAttribute('data-state')).toBe('bad');
    await options.getByTestId('m2k-webmail-host').fill(`${ORIGIN}/cgi-bin/login`);
    await options.getByTestId('m2k-webmail-allow').click();
    await expect.poll(() => options.getByTestId('m2k-webmail-asked').getAttribute('data-state')).toBe('granted');
    await expect.poll(() => options.locator('[data-testid="m2k-webmail-allowed"] li').count()).toBe(1);
    const tab = await s.context.newPage();
    await expect
      .poll(
        async () => {
          await tab.goto(`${ORIGIN}/cgi-bin/login`);
          return tab.evaluate(() => document.documentElement.dataset.m2kAssistant ?? null);
        },
        { timeout: 15_000 },
      )
      .toBe('1');
  });
});

describe('a webmail the person allowed (Firefox)', () => {
  let ff: FirefoxSession;
  let profileDir: string;
  beforeAll(async () => {
    profileDir = firefoxProfileWithSync({ profile: { version: 1, profile: { address: 's1234567@school.example', host: HOST } } });
    grantInFirefoxProfile(profileDir, [`${ORIGIN}/*`]);
    ff = await launchFirefox({
      args: ['--profile', profileDir],
      routes: { '/mail/u/0/': gmailSettingsPage() },
      sites: { [HOST]: webmailRoutes(() => DEFAULT_VARIANT) },
    });
  });
  afterAll(async () => {
    await ff?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('registered at run time (Firefox MV3 keeps it), and runs from the panel', async () => {
    const gmail = await ff.newPage();
    await gmail.goto(SETTINGS_URL, { timeout: 30_000 });
    const opened = ff.browser.waitForTarget((t) => t.url().startsWith(`${ORIGIN}/`), { timeout: 20_000 });
    await pressPanelButton(gmail, 'm2k-forward-start');
    const tab = (await (await opened).page())!;
    await waitFor(
      'the login note',
      () => tab.evaluate(forwardNoteState),
      (st) => st === 'login',
    );
    expect(await tab.evaluate(() => document.documentElement.dataset.m2kAssistant ?? null)).toBe('1');
  });
});
