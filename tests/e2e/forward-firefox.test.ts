// The forwarding assistant in Firefox ESR with the built add-on: Gmail's settings and the
// Mail2000-like webmail at https://mail.au.edu.tw come from the harness's local HTTPS server
// through its proxy (nothing leaves the machine). From the panel's button: the login note, the
// frameset, the menu followed, the right fields filled, nothing else changed, nothing saved. A tab
// the panel did not open gets nothing filled; a page it cannot read gets the note.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from '../support/browsers';
import { pressPanelButton } from '../support/browsers/firefox-panel';
import { firefoxProfileWithSync } from '../support/browsers/firefox-profile';
import { DEFAULT_VARIANT, savedRequests, webmailRoutes, type WebmailVariant } from '../support/mail2000/webmail-routes';
import { PROFILE, SETTINGS_URL, gmailSettingsPage } from '../support/mail2000/chromium';
import { FILLED_FORMS, GMAIL, formState } from '../support/mail2000/fixtures';
import { waitFor } from '../support/poll';

const SITE = 'https://mail.au.edu.tw';
let variant: WebmailVariant = DEFAULT_VARIANT;

const noteIn = (where: Page | Frame) =>
  where.evaluate(() => {
    const root = document.querySelector('m2k-forward-note')?.shadowRoot;
    return {
      state: root?.querySelector('[data-testid="m2k-forward-status"]')?.getAttribute('data-state') ?? null,
      findings: Array.from(root?.querySelectorAll('[data-testid="m2k-forward-finding"]') ?? []).map((e) => e.getAttribute('data-code')),
    };
  });

describe('the forwarding assistant from the Gmail panel (Firefox)', () => {
  let ff: FirefoxSession;
  let profileDir: string;
  let gmail: Page;
  beforeAll(async () => {
    profileDir = firefoxProfileWithSync({ profile: { version: 1, profile: PROFILE } });
    ff = await launchFirefox({
      args: ['--profile', profileDir],
      routes: { '/mail/u/0/': gmailSettingsPage() },
      sites: { 'mail.au.edu.tw': webmailRoutes(() => variant) },
    });
    gmail = await ff.newPage();
    await gmail.goto(SETTINGS_URL, { timeout: 30_000 });
    await gmail.waitForSelector('>>> [data-testid="m2k-forward-start"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await ff?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  /** Presses the panel's button as the person; the webmail tab it opened, at its login page. */
  const pressForward = async (): Promise<Page> => {
    const opened = ff.browser.waitForTarget((t) => t.url().startsWith(`${SITE}/`), { timeout: 20_000 });
    await pressPanelButton(gmail, 'm2k-forward-start');
    const tab = (await (await opened).page())!;
    await waitFor(
      'the login page',
      async () => tab.url(),
      (u) => u.startsWith(`${SITE}/cgi-bin/login`),
    );
    return tab;
  };

  const mainFrame = (tab: Page, path: string): Promise<Frame> =>
    waitFor(
      `the main frame at ${path}`,
      // The driver does not report frame names over WebDriver BiDi: the frame showing `path` is the one.
      async () => tab.frames().find((f) => f !== tab.mainFrame() && f.url().includes(path)) ?? null,
      (f) => f !== null,
    ) as Promise<Frame>;

  it('from the panel: login note, then the settings filled in the frameset; nothing else changed, nothing saved', async () => {
    variant = DEFAULT_VARIANT;
    const address = await gmail.evaluate(
      () =>
        (
          document
            .querySelector('[data-m2k-panel-host]')!
            .shadowRoot!.querySelector('[data-testid="m2k-forward-address"]') as HTMLInputElement
        ).value,
    );
    expect(address).toBe(GMAIL);
    const tab = await pressForward();
    await waitFor(
      'the login note',
      () => noteIn(tab),
      (n) => n.state === 'login',
    );
    expect(await tab.evaluate(() => (document.querySelector('input[name=PASSWD]') as HTMLInputElement).value)).toBe('');
    await tab.type('input[name=USERID]', 's1234567');
    await tab.type('input[name=PASSWD]', 'Pw-typed-by-the-person-1');
    await tab.click('input[type=submit]');
    const main = await mainFrame(tab, '/cgi-bin/forward');
    await waitFor(
      'the filled note',
      () => noteIn(main),
      (n) => n.state === 'filled',
    );
    expect(await main.evaluate(formState)).toEqual(FILLED_FORMS['forward.zh-TW.html']);
    expect(await main.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('儲存');
    await waitFor(
      'the findings',
      () => noteIn(main),
      (n) => n.findings.length > 0,
    );
    expect((await noteIn(main)).findings).toEqual(['forward-off']);
    expect(savedRequests(ff.gmail!.siteRequests)).toEqual([]);
    await tab.close();
  });

  it('a webmail tab the panel did not open: nothing filled, the settings checked', async () => {
    variant = { ...DEFAULT_VARIANT, forward: 'forward-existing.zh-TW.html', vars: { END: '2020/01/31' } };
    const tab = await ff.newPage();
    await tab.goto(`${SITE}/cgi-bin/forward?m=s0ss10n`, { timeout: 30_000 });
    await waitFor(
      'the offer',
      () => noteIn(tab),
      (n) => n.state === 'offer' && n.findings.length > 0,
    );
    expect((await noteIn(tab)).findings).toEqual(['forward-elsewhere', 'forward-no-copy', 'forward-ended']);
    expect(await tab.evaluate(formState)).toEqual({
      fw_on: true,
      fw_to: 'someone.else@example.org',
      fw_keep: false,
      fw_limit: true,
      fw_until: '2020/01/31',
    });
    await tab.close();
  });

  it('a page it cannot read: the note with the steps by hand; nothing filled', async () => {
    variant = { ...DEFAULT_VARIANT, forward: 'forward-unreadable.html' };
    const tab = await pressForward();
    await waitFor(
      'the login note',
      () => noteIn(tab),
      (n) => n.state === 'login',
    );
    await tab.type('input[name=USERID]', 's1234567');
    await tab.type('input[name=PASSWD]', 'Pw-typed-by-the-person-1');
    await tab.click('input[type=submit]');
    const main = await mainFrame(tab, '/cgi-bin/forward');
    // The frame's URL is there before its form is parsed: what "before" means is the form as served.
    const before = await waitFor(
      'the form as served',
      () => main.evaluate(formState),
      (f) => Object.keys(f).length > 0,
    );
    expect(before).toEqual({ a1: false, a2: '', a3: false });
    await waitFor(
      'the unknown note',
      () => noteIn(main),
      (n) => n.state === 'unknown',
      30_000,
    );
    expect(await main.evaluate(formState)).toEqual(before);
    expect(savedRequests(ff.gmail!.siteRequests)).toEqual([]);
    await tab.close();
  });
});
