// Every install state names the right next step (issue: a store or policy install never sees a
// checkout command). Real Chromium, the built extension, no helper registered, zh-TW UI; the
// extension is loaded unpacked, so management.getSelf is made to answer `normal` (a store install)
// or `admin` (a policy install) where that is what is tested (tests/support/browsers/install-answers.ts). The popup's
// connection check and the options page's "Find my server" show the same state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/browsers';
import { fakeBrowserAnswers } from '../support/browsers/install-answers';
import { setProfile } from '../support/browsers/companion';

type Messages = Record<string, { message: string }>;
const ZH = JSON.parse(readFileSync('public/_locales/zh_TW/messages.json', 'utf8')) as Messages;
const CHECKOUT = /node dist\/helper|m2k-probe\.cjs/;

let s: ChromiumSession;
beforeAll(async () => {
  s = await launchChromium({ lang: 'zh-TW' });
});
afterAll(async () => {
  await s?.close();
});

async function popup(installType?: string, host?: string): Promise<Page> {
  const page = await s.context.newPage();
  await fakeBrowserAnswers(page, undefined, installType);
  await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
  await setProfile(page, host ? { host } : {});
  await page.reload();
  await page.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])');
  await page.getByTestId('m2k-probe-run').click();
  await page.locator('[data-testid="m2k-helper-missing"][data-system][data-install]').waitFor({ timeout: 20_000 });
  return page;
}

describe('the popup without the helper', () => {
  it('a store install: the download and its steps in zh-TW, the browser’s own words only as a detail, no checkout command', async () => {
    const page = await popup('normal');
    const missing = page.getByTestId('m2k-helper-missing');
    expect(await missing.getAttribute('data-install')).toBe('store');
    expect(await missing.locator('h2').innerText()).toBe(ZH.popup_missing_not_installed!.message);
    // Chromium's error is in English; it is behind "技術細節", never the line a person reads first.
    const detail = page.getByTestId('m2k-helper-detail');
    expect(await detail.locator('summary').innerText()).toBe(ZH.popup_helper_detail!.message);
    expect(await detail.getAttribute('open')).toBeNull();
    expect(await detail.locator('code').textContent()).toBe('Specified native messaging host not found.');
    expect(await page.getByTestId('m2k-helper-file').first().textContent()).toBe('m2k-probe-linux-x64');
    expect(await page.getByTestId('m2k-install-command').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(CHECKOUT);
  });

  it('a store install with another school’s server: the person’s own command names the downloaded program, not a checkout', async () => {
    const page = await popup('normal', 'mail.school.test');
    expect(await page.getByTestId('m2k-install-command').textContent()).toBe(
      './m2k-probe-linux-x64 install --browser chromium --allow mail.school.test',
    );
    expect(await page.locator('body').innerText()).not.toMatch(CHECKOUT);
  });

  it('a policy install: IT can install the helper for everyone; another server is IT’s to allow; no command at all', async () => {
    const page = await popup('admin');
    expect(await page.getByTestId('m2k-helper-missing').getAttribute('data-install')).toBe('admin');
    expect(await page.getByTestId('m2k-helper-admin').innerText()).toBe(ZH.popup_helper_admin!.message);
    expect(await page.getByTestId('m2k-install-command').count()).toBe(0);
    const other = await popup('admin', 'mail.school.test');
    expect(await other.getByTestId('m2k-helper-admin').innerText()).toContain('mail.school.test');
    expect(await other.getByTestId('m2k-install-command').count()).toBe(0);
    expect(await other.locator('body').innerText()).not.toMatch(CHECKOUT);
  });

  it('a development checkout: the checkout’s own command as well', async () => {
    const page = await popup();
    expect(await page.getByTestId('m2k-helper-missing').getAttribute('data-install')).toBe('development');
    expect(await page.getByTestId('m2k-install-command').textContent()).toBe('node dist/helper/m2k-probe.cjs install --browser chromium');
  });
});

describe('the options page’s "Find my server" without the helper', () => {
  async function find(installType?: string): Promise<Page> {
    const page = await s.context.newPage();
    await fakeBrowserAnswers(page, { os: 'win', arch: 'x86-64' }, installType);
    await page.goto(`chrome-extension://${s.extensionId}/options.html`);
    await page.getByTestId('m2k-find-address').fill('amy@stu.au.edu.tw');
    await page.getByTestId('m2k-find-run').click();
    await page
      .locator('[data-testid="m2k-find-missing"] [data-testid="m2k-helper-missing"][data-system][data-install]')
      .waitFor({ timeout: 30_000 });
    return page;
  }

  it('a store install sees the download for this system and its steps, never a checkout command', async () => {
    const page = await find('normal');
    const missing = page.getByTestId('m2k-find-missing');
    expect(await missing.getByTestId('m2k-helper-file').first().textContent()).toBe('m2k-probe-windows-x64.msi');
    expect(await missing.getByTestId('m2k-helper-steps').innerText()).toContain('m2k-probe-windows-x64.msi');
    expect(await page.getByTestId('m2k-install-command').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(CHECKOUT);
  });

  it('a development checkout sees its command there too', async () => {
    const page = await find();
    expect(await page.getByTestId('m2k-install-command').textContent()).toBe('node dist/helper/m2k-probe.cjs install --browser chromium');
  });
});
