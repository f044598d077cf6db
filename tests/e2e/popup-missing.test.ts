// The popup in real Chromium with the built extension and NO native host registered: the run must
// end in the "helper missing" state that tells a person which file to download for their system
// and how to run it, never an endless spinner. Then a helper too old for the extension (a stand-in
// host answering hello with an old version: the real one cannot be made old on cue). Also what
// the background decides before any host starts: a credential the shared rule refuses never leaves
// the popup, login tests past the minute's limit are refused with a clear message, and the
// connection check opened from the Gmail panel (`probe:open`) is one tab, focused again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, registerNativeHostChromium, tempDir, type ChromiumSession } from '../support/browsers';
import { fakeHostScript, writeFakeHost } from '../support/native-host/fake-host';
import { CHROME_ORIGIN, NATIVE_HOST_NAME } from '@/contract/ids';
import { MIN_HELPER_VERSION } from '@/contract/limits';
import { releasePageUrl } from '@/contract/release';
import { probeFixture } from '../support/probe/fixtures';
import { putHistoryRecords } from '../support/history-db';
import { fakeBrowserAnswers } from '../support/browsers/install-answers';

const RELEASES = releasePageUrl(JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).repository);

let s: ChromiumSession;
beforeAll(async () => {
  s = await launchChromium({ lang: 'en' });
});
afterAll(async () => {
  await s?.close();
});

/**
 * The popup as it shows on another system, or for another kind of install: Chromium here runs on
 * Linux with the extension loaded unpacked, so the page's runtime.getPlatformInfo answers what a
 * Windows or macOS browser would, and management.getSelf what a store (`normal`) or policy (`admin`)
 * install says. Nothing else changes.
 */
async function popupOn(platform?: { os: string; arch: string }, installType?: string): Promise<Page> {
  const page = await s.context.newPage();
  await fakeBrowserAnswers(page, platform, installType);
  await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
  await page.getByTestId('m2k-probe-run').click();
  await page.locator('[data-testid="m2k-helper-missing"][data-system][data-install]').waitFor({ timeout: 20_000 });
  return page;
}

const text = (page: Page, id: string) => page.getByTestId(id).innerText();

describe('popup without the helper', () => {
  it('Linux: names m2k-probe-linux-x64, links the release page, chmod +x then run; the checkout command in a developer build', async () => {
    const page = await popupOn();
    const missing = page.getByTestId('m2k-helper-missing');
    expect(await missing.getAttribute('data-reason')).toBe('not-installed');
    expect(await missing.getAttribute('data-system')).toBe('linux');
    const link = page.getByTestId('m2k-helper-file');
    expect(await link.evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      ['m2k-probe-linux-x64', RELEASES],
    ]);
    const steps = await text(page, 'm2k-helper-steps');
    expect(steps).toContain('chmod +x ~/Downloads/m2k-probe-linux-x64\n~/Downloads/m2k-probe-linux-x64');
    expect(steps).toContain('Restart the browser');
    await page.getByTestId('m2k-helper-verify').locator('summary').click();
    expect(await text(page, 'm2k-helper-verify')).toContain('sha256sum ~/Downloads/m2k-probe-linux-x64');
    expect(await text(page, 'm2k-helper-verify')).toContain('SHA256SUMS');
    // Loaded unpacked, as from a checkout: the developer's command too, with a copy button.
    await page.getByTestId('m2k-install-command').waitFor();
    expect(await page.getByTestId('m2k-install-command').textContent()).toBe('node dist/helper/m2k-probe.cjs install --browser chromium');
    // Every row it started is gone with the run: no row is left "running".
    expect(await page.locator('[data-testid="m2k-port-row"][data-status="running"]').count()).toBe(0);
    expect(await page.getByTestId('m2k-probe-run').isEnabled()).toBe(true);
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByTestId('m2k-copy-install').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('node dist/helper/m2k-probe.cjs install --browser chromium');
    expect(await page.locator('body').innerText()).not.toMatch(/npx|Node\.js/);
  });

  it('Windows: names the per-user installer package, steps without a command, the .exe as the alternative', async () => {
    const page = await popupOn({ os: 'win', arch: 'x86-64' }, 'normal');
    expect(await page.getByTestId('m2k-helper-missing').getAttribute('data-system')).toBe('windows');
    expect(await page.getByTestId('m2k-helper-missing').getAttribute('data-install')).toBe('store');
    expect(await page.getByTestId('m2k-helper-file').evaluateAll((as) => as.map((a) => a.textContent))).toEqual([
      'm2k-probe-windows-x64.msi',
      'm2k-probe-windows-x64.exe',
    ]);
    const steps = await text(page, 'm2k-helper-steps');
    expect(steps).toContain('Open the downloaded m2k-probe-windows-x64.msi');
    expect(steps).toContain('without an administrator password');
    expect(steps).toContain('Settings › Apps');
    expect(steps).toContain('“More info” → “Run anyway”');
    expect(await page.getByTestId('m2k-helper-steps').locator('pre, code').count()).toBe(0);
    expect(await text(page, 'm2k-helper-alternative')).toContain('Cannot open an installer package');
    expect(await page.getByTestId('m2k-install-command').count()).toBe(0);
    await page.getByTestId('m2k-helper-verify').locator('summary').click();
    expect(await text(page, 'm2k-helper-verify')).toContain(
      'certutil -hashfile %USERPROFILE%\\Downloads\\m2k-probe-windows-x64.msi SHA256',
    );
  });

  it.each([
    ['arm64', 'm2k-probe-darwin-arm64'],
    ['x86-64', 'm2k-probe-darwin-x64'],
  ])('macOS %s: names %s.zip, Finder-only steps with the picture of step 2, no command', async (arch, program) => {
    const page = await popupOn({ os: 'mac', arch }, 'normal');
    expect(await page.getByTestId('m2k-helper-missing').getAttribute('data-system')).toBe('macos');
    expect(await page.getByTestId('m2k-helper-file').evaluateAll((as) => as.map((a) => a.textContent))).toEqual([`${program}.zip`]);
    const steps = await text(page, 'm2k-helper-steps');
    expect(steps).toContain(`double-click ${program}.`);
    expect(steps).toContain('System Settings › Privacy & Security');
    expect(steps).toContain('“Open Anyway”');
    expect(steps).toContain('On older macOS, Control-click the file in Finder, choose Open');
    expect(steps).toContain('A Terminal window opens and lists the browsers');
    expect(steps).not.toMatch(/chmod|xattr|~\//);
    expect(await page.getByTestId('m2k-helper-steps').locator('pre, code').count()).toBe(0);
    // The picture is the drawing the build ships, said to be an illustration.
    const figure = page.getByTestId('m2k-helper-mac-figure');
    expect(await figure.locator('figcaption').innerText()).toContain('not a screenshot');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="m2k-helper-mac-figure"] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await page.getByTestId('m2k-install-command').count()).toBe(0);
    await page.getByTestId('m2k-helper-verify').locator('summary').click();
    expect(await text(page, 'm2k-helper-verify')).toContain(`shasum -a 256 ~/Downloads/${program}.zip`);
  });

  it('is usable from the keyboard alone', async () => {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
    // The button is enabled once the profile has arrived from the background (a few ms).
    await page.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('m2k-probe-run');
    await page.keyboard.press('Enter');
    await page.getByTestId('m2k-helper-missing').waitFor({ timeout: 20_000 });
    // Each control has an accessible name.
    const unnamed = await page.evaluate(
      () =>
        [...document.querySelectorAll('button, input, a, summary')].filter((el) => {
          const id = el.getAttribute('id');
          const label = id ? document.querySelector(`label[for="${id}"]`) : null;
          return !(el.textContent?.trim() || el.getAttribute('aria-label') || label);
        }).length,
    );
    expect(unnamed).toBe(0);
  });

  it('shows the last settings audit from the Gmail panel, links to Accounts and Import, and keeps it in history', async () => {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
    const denied = 'Server denied POP3 access for the given username and password.';
    const read = {
      at: Date.now(),
      pageState: 'available',
      accounts: [
        { address: 'alice@mail.au.edu.tw', status: `Last checked: 2 minutes ago. Error: ${denied}`, error: denied, isMail2000: true },
      ],
    };
    // What the panel's content script sends after reading the page.
    const reply = (await page.evaluate(
      (r) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
          type: 'audit:save',
          read: r,
        }),
      read,
    )) as { ok: true; audit: { pageState: string; findings: Array<{ code: string; account?: string }> } };
    // The background answers with its judgement of the read, which it stored.
    expect(reply).toMatchObject({ ok: true, audit: { pageState: 'available' } });
    const codes = reply.audit.findings.map((f) => f.code);
    expect(codes[0]).toBe('auth-denied');
    expect(reply.audit.findings[0]!.account).toBe('alice@mail.au.edu.tw');
    await page.reload();
    const findings = page.getByTestId('m2k-popup-finding');
    await findings.first().waitFor();
    expect(await findings.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(codes);
    expect(await page.getByTestId('m2k-open-gmail-accounts').getAttribute('href')).toBe(
      'https://mail.google.com/mail/u/0/#settings/accounts',
    );
    // The background also keeps the audit in the history the report shows.
    await page.goto(`chrome-extension://${s.extensionId}/report.html`);
    const finding = page.getByTestId('m2k-report-finding');
    await finding.first().waitFor();
    expect(await finding.first().getAttribute('data-code')).toBe('auth-denied');
  });

  it('refuses a user name with a control character before anything is sent', async () => {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await page.locator('summary', { hasText: 'Test your username' }).click();
    await page.waitForSelector('[data-testid="m2k-cred-test"]:not([disabled])');
    await page.getByTestId('m2k-cred-user').fill('alice\tDELE 1');
    await page.getByTestId('m2k-cred-password').fill('S3cret!x');
    await page.getByTestId('m2k-cred-test').click();
    const problem = page.getByTestId('m2k-cred-problem');
    expect(await problem.getAttribute('data-problem')).toBe('user-control');
    expect(await problem.textContent()).toContain('control character');
    // No run started: no rows, no verdict, no helper-missing state.
    expect(
      await page.locator('[data-testid="m2k-port-row"], [data-testid="m2k-verdict"], [data-testid="m2k-helper-missing"]').count(),
    ).toBe(0);
  });

  it('refuses a sixth login test within a minute with a clear message', async () => {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await page.locator('summary', { hasText: 'Test your username' }).click();
    const attempt = async () => {
      await page.waitForSelector('[data-testid="m2k-cred-test"]:not([disabled])');
      await page.getByTestId('m2k-cred-user').fill('alice');
      await page.getByTestId('m2k-cred-password').fill('guess');
      await page.getByTestId('m2k-cred-test').click();
      await page.locator('[data-testid="m2k-helper-missing"], [data-testid="m2k-probe-error"]').first().waitFor({ timeout: 20_000 });
      return (await page.getByTestId('m2k-probe-error').count()) > 0
        ? await page.getByTestId('m2k-probe-error').getAttribute('data-reason')
        : 'helper-missing';
    };
    // No helper here, so each allowed test ends at once as "helper missing"; each still counts.
    for (let i = 0; i < 5; i++) expect(await attempt()).toBe('helper-missing');
    expect(await attempt()).toBe('rate-limited');
    expect(await page.getByTestId('m2k-probe-error').textContent()).toMatch(/Too many login tests in a short time; wait a minute/);
    // A check without a login is not limited.
    await page.getByTestId('m2k-probe-run').click();
    await page.getByTestId('m2k-helper-missing').waitFor({ timeout: 20_000 });
  });

  it('"check the connection" from the panel opens one tab and focuses it on later presses', async () => {
    for (const p of s.context.pages()) if (p.url().endsWith('/popup.html')) await p.close();
    const report = await s.context.newPage();
    await report.goto(`chrome-extension://${s.extensionId}/report.html`);
    const open = () =>
      report.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
          type: 'probe:open',
        }),
      );
    const checkTabs = () => s.context.pages().filter((p) => p.url().endsWith('/popup.html'));
    type Chrome = { chrome: { tabs: { getCurrent(): Promise<{ id: number }>; query(q: object): Promise<Array<{ id: number }>> } } };
    const activeTabId = () =>
      report.evaluate(
        async () => (await (globalThis as unknown as Chrome).chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
      );
    const opened = s.context.waitForEvent('page');
    expect(await open()).toEqual({ ok: true });
    const tab = await opened;
    await tab.waitForLoadState();
    const tabId = await tab.evaluate(async () => (await (globalThis as unknown as Chrome).chrome.tabs.getCurrent()).id);
    const reportId = await report.evaluate(async () => (await (globalThis as unknown as Chrome).chrome.tabs.getCurrent()).id);
    for (let i = 0; i < 3; i++) {
      await report.bringToFront();
      expect(await activeTabId()).toBe(reportId);
      expect(await open()).toEqual({ ok: true });
      expect(await activeTabId()).toBe(tabId);
    }
    expect(checkTabs()).toHaveLength(1);
    // Closed by the person: the next press opens it again.
    await tab.close();
    const again = s.context.waitForEvent('page');
    await open();
    await (await again).waitForLoadState();
    expect(checkTabs()).toHaveLength(1);
  });

  it('a probe dated in the future never feeds the audit as "the last probe"', async () => {
    const report = await s.context.newPage();
    // Opening the report creates the history database.
    await report.goto(`chrome-extension://${s.extensionId}/report.html`);
    await report.getByTestId('m2k-report-count').waitFor();
    const blocked = probeFixture('995-blocked');
    const putProbe = (at: number) =>
      putHistoryRecords(report, [
        { kind: 'probe', at, host: blocked.host, ms: blocked.ms, ok: false, credentialTested: false, results: blocked.results },
      ]);
    const auditCodes = async () => {
      const read = {
        at: Date.now(),
        pageState: 'available',
        accounts: [{ address: 'alice@mail.au.edu.tw', status: 'Last checked: 2 minutes ago.', isMail2000: true }],
      };
      const reply = (await report.evaluate(
        (r) =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
            type: 'audit:save',
            read: r,
          }),
        read,
      )) as { audit: { findings: Array<{ code: string }> } };
      return reply.audit.findings.map((f) => f.code);
    };
    await putProbe(Date.now() + 30 * 24 * 60 * 60 * 1000);
    expect(await auditCodes()).not.toContain('network');
    // The same probe dated a minute ago does feed it: 995 blocked is a network finding.
    await putProbe(Date.now() - 60_000);
    expect(await auditCodes()).toContain('network');
  });
});

describe('a helper too old for this extension', () => {
  let old: ChromiumSession;
  let profile: string;
  beforeAll(async () => {
    profile = tempDir('chromium-old-helper-');
    const host = writeFakeHost(
      join(profile, 'old-helper.cjs'),
      fakeHostScript({
        onMessage: `    if (msg.type === 'hello') send({ type: 'hello', version: 1, helperVersion: '0.0.9', allow: [] });
    else if (msg.type === 'probe') send({ type: 'summary', id: msg.id, host: msg.host, ms: 1, ok: false });`,
      }),
    );
    registerNativeHostChromium(profile, { name: NATIVE_HOST_NAME, path: host, allowed_origins: [CHROME_ORIGIN] });
    old = await launchChromium({ userDataDir: profile, lang: 'zh-TW' });
  }, 120_000);
  afterAll(async () => {
    await old?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows "update the helper" with the versions and the same download steps, in zh-TW', async () => {
    const page = await old.context.newPage();
    await page.goto(`chrome-extension://${old.extensionId}/popup.html`);
    await page.getByTestId('m2k-probe-run').click();
    const state = page.locator('[data-testid="m2k-helper-missing"][data-reason="outdated"][data-system]');
    await state.waitFor({ timeout: 20_000 });
    expect(await state.locator('h2').innerText()).toBe(`連線輔助程式版本太舊（目前 0.0.9，需要 ${MIN_HELPER_VERSION} 或更新版本）`);
    expect(await page.getByTestId('m2k-helper-file').evaluateAll((as) => as.map((a) => a.textContent))).toEqual(['m2k-probe-linux-x64']);
    expect(await page.getByTestId('m2k-helper-steps').innerText()).toContain('chmod +x ~/Downloads/m2k-probe-linux-x64');
  });
});
