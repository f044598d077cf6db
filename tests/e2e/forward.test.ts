// The forwarding assistant in real Chromium with the built extension, from the Gmail panel: the
// Mail2000-like webmail fixtures (tests/fixtures/mail2000) are served at the known site's https
// origin (https://mail.au.edu.tw, through Playwright's routing: nothing leaves the machine). The
// panel's button opens the webmail, the person logs in, the assistant follows the menu to the
// auto-forward page in the frameset and fills it: the right fields, nothing else on the page
// changed, nothing saved until the person saves. Also: the page it cannot read, a tab the panel did
// not open, a security code, a page that never settles, and bad addresses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { ChromiumSession } from '../support/browsers';
import { DEFAULT_VARIANT, savedRequests, type WebmailVariant } from '../support/mail2000/webmail-routes';
import { frameAt, launchForwarding, logIn, noteState, openGmail, pressForward } from '../support/mail2000/chromium';
import { FILLED_FORMS, GMAIL, formState } from '../support/mail2000/fixtures';

const SITE = 'https://mail.au.edu.tw';
let variant: WebmailVariant = DEFAULT_VARIANT;

/** The main frame of the webmail's frameset, once it shows `path`. */
const mainFrame = (tab: Page, path: string): Promise<Frame> => frameAt(tab, 'main', path);

/** From the panel's button to the webmail's frameset, logged in. */
async function openWebmail(s: ChromiumSession, gmail: Page): Promise<Page> {
  const tab = await pressForward(s, gmail);
  await tab.waitForURL(`${SITE}/cgi-bin/login`, { timeout: 15_000 });
  await expect.poll(() => noteState(tab), { timeout: 15_000 }).toBe('login');
  await logIn(tab);
  await tab.waitForURL(`${SITE}/cgi-bin/start**`, { timeout: 15_000 });
  return tab;
}

describe('the forwarding assistant from the Gmail panel (Chromium, en)', () => {
  let s: ChromiumSession;
  let requests: string[];
  let gmail: Page;
  let ext: Page;
  beforeAll(async () => {
    ({ s, requests, extPage: ext } = await launchForwarding(() => variant, { launch: { lang: 'en' } }));
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: SITE });
    gmail = await openGmail(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reads the Gmail address from the page, opens the webmail in a new tab, says to log in, never touches the password', async () => {
    variant = DEFAULT_VARIANT;
    expect(await gmail.getByTestId('m2k-forward-address').inputValue()).toBe(GMAIL);
    const tab = await pressForward(s, gmail);
    await tab.waitForURL(`${SITE}/cgi-bin/login`, { timeout: 15_000 });
    await expect.poll(() => noteState(tab), { timeout: 15_000 }).toBe('login');
    expect(await tab.getByTestId('m2k-forward-status').textContent()).toContain(GMAIL);
    expect(await tab.locator('input[name=PASSWD]').inputValue()).toBe('');
    expect(await tab.evaluate(() => document.activeElement?.getAttribute('name') ?? null)).not.toBe('PASSWD');
    expect(await gmail.getByTestId('m2k-forward-outcome').getAttribute('data-outcome')).toBe('opening');
    await tab.close();
  });

  it('after login: follows the menu to 信件自動轉寄, fills the right fields, changes nothing else, saves nothing', async () => {
    variant = DEFAULT_VARIANT;
    const tab = await openWebmail(s, gmail);
    const main = await mainFrame(tab, '/cgi-bin/forward');
    await expect.poll(() => noteState(main), { timeout: 15_000 }).toBe('filled');
    expect(await main.evaluate(formState)).toEqual(FILLED_FORMS['forward.zh-TW.html']);
    expect(await main.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('儲存');
    expect(savedRequests(requests)).toEqual([]);
    // What was there before: forwarding off.
    await expect
      .poll(() => main.locator('[data-testid="m2k-forward-finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))))
      .toEqual(['forward-off']);
    // The settings, each with a copy button that copies it.
    const targetCopy = main.locator('[data-testid="m2k-forward-manual-row"][data-key="target"] [data-testid="m2k-forward-manual-copy"]');
    await tab.bringToFront();
    await targetCopy.click();
    await expect.poll(() => tab.evaluate(() => navigator.clipboard.readText())).toBe(GMAIL);

    // The person presses Save: the webmail answers that it is saved, and the note says so.
    await main.locator('input[type=submit]').click();
    await expect.poll(() => savedRequests(requests).length).toBe(1);
    const after = await mainFrame(tab, '/cgi-bin/forward_set');
    await expect.poll(() => noteState(after), { timeout: 15_000 }).toBe('saved');
    const stored = await ext.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }
      ).chrome.storage.local.get('m2k:lastForward'),
    );
    expect(stored['m2k:lastForward']).toMatchObject({
      site: 'mail.au.edu.tw',
      gmail: GMAIL,
      enabled: false,
      findings: [{ code: 'forward-off' }],
    });
    // After the save the note offers "Test forwarding" (with the risk in two sentences): our test
    // page opens, bound to the Gmail tab whose panel opened this webmail.
    expect(await after.getByTestId('m2k-forward-status').evaluate((e) => e.getRootNode().textContent)).toContain('DKIM');
    const testPage = s.context.waitForEvent('page', { timeout: 15_000 });
    await after.getByTestId('m2k-assistant-test').click();
    const test = await testPage;
    await test.waitForURL(`chrome-extension://${s.extensionId}/forward-test.html`);
    await expect.poll(() => test.getByTestId('m2k-ft-watcher').getAttribute('data-watcher'), { timeout: 10_000 }).toBe('true');
    expect(await test.getByTestId('m2k-ft-watcher').textContent()).toContain(GMAIL);
    await test.close();
    await tab.close();

    // The check is shown in the popup and, from history, in the report.
    const popup = await s.context.newPage();
    await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await expect
      .poll(() =>
        popup.locator('[data-testid="m2k-popup-forward-finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))),
      )
      .toEqual(['forward-off']);
    expect(await popup.getByTestId('m2k-popup-forward').textContent()).toContain('mail.au.edu.tw');
    await popup.goto(`chrome-extension://${s.extensionId}/report.html`);
    await expect
      .poll(() =>
        popup.locator('[data-testid="m2k-report-forward-finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))),
      )
      .toEqual(['forward-off']);
    await popup.close();
  });

  it('English labels, a list of three targets: the address in a free box, the old one kept', async () => {
    variant = { ...DEFAULT_VARIANT, submenu: 'submenu.en.html', forward: 'forward.en.html' };
    const before = savedRequests(requests).length;
    const tab = await openWebmail(s, gmail);
    const main = await mainFrame(tab, '/cgi-bin/forward');
    await expect.poll(() => noteState(main), { timeout: 15_000 }).toBe('filled');
    expect(await main.evaluate(formState)).toEqual(FILLED_FORMS['forward.en.html']);
    expect(await main.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('OK');
    expect(savedRequests(requests).length).toBe(before);
    await tab.close();
  });

  it('another menu name, radio switches, a text-area list and a year/month/day limit', async () => {
    variant = { ...DEFAULT_VARIANT, submenu: 'submenu-other.zh-TW.html', forward: 'forward-list.zh-TW.html' };
    const tab = await openWebmail(s, gmail);
    const main = await mainFrame(tab, '/cgi-bin/forward');
    await expect.poll(() => noteState(main), { timeout: 15_000 }).toBe('filled');
    expect(await main.evaluate(formState)).toEqual(FILLED_FORMS['forward-list.zh-TW.html']);
    await tab.close();
  });

  it('a site asking for the personal security code: filled, the cursor in the code field, left empty', async () => {
    variant = { ...DEFAULT_VARIANT, forward: 'forward-code.zh-TW.html' };
    const tab = await openWebmail(s, gmail);
    const main = await mainFrame(tab, '/cgi-bin/forward');
    await expect.poll(() => noteState(main), { timeout: 15_000 }).toBe('code');
    expect(await main.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('sec_code');
    expect(await main.locator('input[name=sec_code]').inputValue()).toBe('');
    expect(await main.locator('input[name=fw_to]').inputValue()).toBe(GMAIL);
    await tab.close();
  });

  it('a page it cannot read: the note says so, with the settings to copy and the page structure, and fills nothing', async () => {
    variant = { ...DEFAULT_VARIANT, forward: 'forward-unreadable.html' };
    const tab = await openWebmail(s, gmail);
    const main = await mainFrame(tab, '/cgi-bin/forward');
    const before = await main.evaluate(formState);
    await expect.poll(() => noteState(main), { timeout: 20_000 }).toBe('unknown');
    expect(await main.evaluate(formState)).toEqual(before);
    const rows = await main
      .locator('[data-testid="m2k-forward-manual-row"]')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-key'), e.querySelector('code')?.textContent])));
    expect(rows).toEqual({ enable: 'on', target: GMAIL, keepCopy: 'on', limit: 'off' });
    await tab.bringToFront();
    await main.getByTestId('m2k-forward-copy-structure').click();
    await expect.poll(() => main.getByTestId('m2k-forward-copy-structure').getAttribute('data-ok')).toBe('true');
    const structure = await tab.evaluate(() => navigator.clipboard.readText());
    expect(structure).toContain('/cgi-bin/forward');
    expect(structure).toContain('input[type=checkbox]');
    expect(structure).not.toContain('@');
    await tab.close();
  });

  it('a webmail tab the panel did not open: nothing filled; what is there is checked; the way to start is shown', async () => {
    const end = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    variant = { ...DEFAULT_VARIANT, forward: 'forward-existing.zh-TW.html', vars: { END: end.replace(/-/g, '/') } };
    const tab = await s.context.newPage();
    await tab.goto(`${SITE}/cgi-bin/forward?m=s0ss10n`);
    await expect.poll(() => noteState(tab), { timeout: 15_000 }).toBe('offer');
    await expect
      .poll(() => tab.locator('[data-testid="m2k-forward-finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))))
      .toEqual(['forward-elsewhere', 'forward-no-copy', 'forward-ending']);
    expect(await tab.evaluate(formState)).toEqual({
      fw_on: true,
      fw_to: 'someone.else@example.org',
      fw_keep: false,
      fw_limit: true,
      fw_until: end.replace(/-/g, '/'),
    });
    // The login page of such a tab: the assistant runs, and shows nothing.
    await tab.goto(`${SITE}/cgi-bin/login`);
    await expect.poll(() => tab.evaluate(() => document.documentElement.dataset.m2kAssistant ?? null)).toBe('1');
    await tab.waitForTimeout(1000);
    expect(await noteState(tab)).toBeNull();
    await tab.close();
  });

  it('a page that keeps replacing its frames: the assistant gives up and says so', async () => {
    variant = { ...DEFAULT_VARIANT, start: 'churn.html' };
    const tab = await openWebmail(s, gmail);
    // Unreadable (perhaps first for having found nothing), then given up for never settling.
    await expect.poll(() => tab.locator('m2k-forward-note li').first().textContent(), { timeout: 30_000 }).toContain('kept changing');
    expect(await noteState(tab)).toBe('unknown');
    await tab.close();
  });

  it('bad addresses: not one, or a line break pasted in: nothing opens; the background refuses them too', async () => {
    variant = DEFAULT_VARIANT;
    const pages = s.context.pages().length;
    const address = gmail.getByTestId('m2k-forward-address');
    await address.fill('not an address');
    await gmail.getByTestId('m2k-forward-start').click();
    expect(await gmail.getByTestId('m2k-forward-problem').getAttribute('data-problem')).toBe('invalid');
    // A line break put in: the box keeps one line, which is no address.
    await address.fill('a@gmail.com\r\nBcc: x@evil.example');
    expect(await address.inputValue()).not.toMatch(/[\r\n]/);
    await gmail.getByTestId('m2k-forward-start').click();
    expect(await gmail.getByTestId('m2k-forward-problem').getAttribute('data-problem')).toBe('invalid');
    await gmail.waitForTimeout(500);
    expect(s.context.pages().length).toBe(pages);
    const refused = await ext.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        type: 'forward:start',
        gmail: 'a@gmail.com\r\nBcc: x@evil.example',
      }),
    );
    expect(refused).toMatchObject({ refused: { reason: 'bad-request' } });
    await address.fill(GMAIL);
  });
});
