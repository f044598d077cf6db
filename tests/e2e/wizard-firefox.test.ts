// One run of the whole setup in Firefox ESR with the built add-on: Gmail's settings page (fixture,
// https://mail.google.com through the harness's local HTTPS + proxy) → the panel's setup button →
// the wizard window (window.open) → steps 1–3 filled by the add-on → the test types the password and
// presses "Add Account" → "send mail as" answered No → no password in the add-on's storage.
//
// The person's profile is written into the Firefox profile's storage.sync before the browser starts
// (tests/support/browsers/firefox-profile.ts: the driver may not open the options page).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialog, Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from '../support/browsers';
import { pressPanelButton, shadowAttribute } from '../support/browsers/firefox-panel';
import { firefoxProfileWithSync, sqlite } from '../support/browsers/firefox-profile';
import { PASSWORD, PROFILE, SETTINGS_URL, WIZARD_PATH, wizardRoutes } from '../support/gmail/wizard-routes';
import { readEnPopForm, FILLED_EN_POP_FORM } from '../support/gmail/wizard-pages';
import { waitFor } from '../support/poll';

const statusState = (p: Page) => shadowAttribute(p, 'm2k-wizard-note', 'm2k-wizard-status', 'data-state');

describe('one-click setup in Firefox', () => {
  let ff: FirefoxSession;
  let profileDir: string;
  beforeAll(async () => {
    profileDir = firefoxProfileWithSync({ profile: { version: 1, profile: PROFILE } });
    ff = await launchFirefox({ args: ['--profile', profileDir], routes: wizardRoutes('en') });
  });
  afterAll(async () => {
    await ff?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('fills steps 1–3, leaves the password to the person, answers "send mail as" No', async () => {
    const gmail = await ff.newPage();
    await gmail.goto(SETTINGS_URL, { timeout: 30_000 });
    const popupPromise = new Promise<Page>((resolve) => gmail.once('popup', (p) => resolve(p as Page)));
    await pressPanelButton(gmail, 'm2k-setup');
    const popup = await popupPromise;
    const dialogs: string[] = [];
    popup.on('dialog', (d: Dialog) => {
      dialogs.push(`${d.type()}:${d.message()}`);
      void d.accept('Mail2000');
    });

    await waitFor(
      'the password step',
      () => statusState(popup),
      (s) => s === 'password',
    );
    expect(popup.url()).toContain(`${WIZARD_PATH}pop`);
    const form = await popup.evaluate(readEnPopForm);
    expect(form).toEqual(FILLED_EN_POP_FORM);
    expect(dialogs).toEqual(['prompt:Please enter a new label name:']);
    expect(
      ff.gmail!.requests.some((r) => r.startsWith(`${WIZARD_PATH}kind?`) && r.includes(`cx91=${encodeURIComponent(PROFILE.address)}`)),
    ).toBe(true);
    expect(ff.gmail!.requests.some((r) => r.startsWith(`${WIZARD_PATH}pop?`) && /[?&]k=p\b/.test(r))).toBe(true);
    expect(ff.gmail!.requests.some((r) => r.startsWith(`${WIZARD_PATH}sendas`))).toBe(false);

    await popup.keyboard.type(PASSWORD);
    expect(await popup.evaluate(() => (document.getElementById('r_p') as HTMLInputElement).value)).toBe(PASSWORD);
    await popup.click('input[type=submit]');
    await waitFor('the last page', async () => ff.gmail!.requests.some((r) => r.startsWith(`${WIZARD_PATH}done?`)), Boolean);
    expect(ff.gmail!.requests.filter((r) => r.startsWith(`${WIZARD_PATH}done?`))).toEqual([`${WIZARD_PATH}done?sa=0`]);
    await gmail.close();
  });

  it("keeps no password in the add-on's storage", async () => {
    await ff.close();
    const db = join(profileDir, 'storage-sync-v2.sqlite');
    expect(existsSync(db)).toBe(true);
    expect(sqlite(db, 'SELECT data FROM storage_sync_data;')).toContain('mail.au.edu.tw');
    for (const f of [db, `${db}-wal`].filter(existsSync)) expect(readFileSync(f).includes(Buffer.from(PASSWORD)), f).toBe(false);
    const ext = execFileSync('find', [profileDir, '-path', '*moz-extension*', '-type', 'f']).toString().split('\n').filter(Boolean);
    for (const f of ext) expect(readFileSync(f).includes(Buffer.from(PASSWORD)), f).toBe(false);
  });
});
