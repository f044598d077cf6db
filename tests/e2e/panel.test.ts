// The panel on Settings › Accounts and Import in real Chromium with the built extension: our
// fixture pages served as https://mail.google.com/mail/u/N/ (each N a different page, since the
// #settings/accounts hash never reaches a server) with Gmail's Trusted Types header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, serveFakeGmail, type ChromiumSession } from '../support/browsers';
import { SETTINGS_FIXTURE_STATES, readFixture } from '../support/gmail/fixtures';
import { daysUntil } from '@/utils/gmail/pop-retirement';
import { localeMessages } from '../support/i18n/locale';

const FIXTURES = [
  'settings-available-en.html',
  'settings-available-zh-TW.html',
  'settings-errors-en.html',
  'settings-closed-en.html',
  'settings-closed-zh-TW.html',
  'settings-gone-en.html',
  'settings-gone-zh-TW.html',
  'settings-empty.html',
] as const;
type Fixture = (typeof FIXTURES)[number];
const urlOf = (f: Fixture, hash = '#settings/accounts') => `https://mail.google.com/mail/u/${FIXTURES.indexOf(f)}/${hash}`;
const routes = Object.fromEntries(FIXTURES.map((f, i) => [`/mail/u/${i}/`, readFixture(f)]));
/** The closed page with one more school's Mail2000 among the fetch accounts (henry's row on mail.nutn.edu.tw, a known site). */
const OTHER_SITE = '/mail/u/50/';
routes[OTHER_SITE] = routes[`/mail/u/${FIXTURES.indexOf('settings-closed-en.html')}/`]!.replace(
  'henry@example.com',
  'henry@mail.nutn.edu.tw',
);

const PANEL = '[data-testid="m2k-panel"]';
const HOST = '[data-m2k-panel-host]';

interface Area {
  get(k: string | null): Promise<Record<string, unknown>>;
}
type Chrome = { chrome: { storage: { local: Area; session: Area } } };
type Tabs = { chrome: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> } } };

/** Console errors and page errors of one page; Trusted Types violations show up here. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

const codesOn = (page: Page) =>
  page.locator('[data-testid="m2k-finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));

describe.each([
  ['en', 'en'],
  ['zh-TW', 'zh_TW'],
] as const)('panel in Chromium, UI %s', (lang, locale) => {
  let s: ChromiumSession;
  const msg = localeMessages(locale);
  beforeAll(async () => {
    s = await launchChromium({ lang });
    await serveFakeGmail(s.context, routes);
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each(SETTINGS_FIXTURE_STATES)("%s → data-state=%s, in the extension's language, without console errors", async (fixture, state) => {
    const page = await s.context.newPage();
    const errors = watchErrors(page);
    await page.goto(urlOf(fixture));
    const panel = page.locator(PANEL);
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.getAttribute('data-state')).toBe(state);
    expect(await page.locator(HOST).count()).toBe(1);
    const text = await panel.innerText();
    expect(text).toContain(msg.panel_title!.message);
    if (state === 'available') {
      expect(await page.locator('[data-testid="m2k-setup"]').innerText()).toBe(msg.panel_setup!.message);
    } else {
      expect(await page.locator('[data-testid="m2k-setup"]').count()).toBe(0);
      // What Google announced, and what still works.
      await page.locator('[data-testid="m2k-retirement"]').waitFor();
      expect(await page.locator('[data-testid="m2k-alt-forward"]').innerText()).toContain('信件自動轉寄');
      expect(await page.locator('[data-testid="m2k-alt-imap"]').innerText()).toContain('mail.au.edu.tw');
    }
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    await page.close();
  });

  it('turns each error row into a finding with its code, and counts down for Mail2000 fetchers', async () => {
    const page = await s.context.newPage();
    await page.goto(urlOf('settings-errors-en.html'));
    await page.locator('[data-testid="m2k-finding"]').first().waitFor({ timeout: 10_000 });
    const codes = await codesOn(page);
    for (const c of ['auth-denied', 'dns', 'ssl-mismatch', 'wrong-port', 'imap-port', 'pop-retiring']) expect(codes).toContain(c);
    const first = page.locator('[data-testid="m2k-finding"][data-code="auth-denied"]');
    expect(await first.innerText()).toContain(msg.audit_auth_denied_fix!.message.slice(0, 20));

    await page.goto(urlOf('settings-closed-zh-TW.html'));
    await page.locator('[data-testid="m2k-finding"]').first().waitFor({ timeout: 10_000 });
    expect(await codesOn(page)).toEqual(expect.arrayContaining(['network', 'ssl-mismatch', 'imap-port', 'pop-retiring']));
    const days = await page
      .locator('[data-testid="m2k-countdown"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-days'))));
    expect(days).toHaveLength(3); // kai, lin, mei are Mail2000; ning@example.net is not
    expect(days.every((d) => d === daysUntil('fetch-stops', Date.now()))).toBe(true);
    await page.close();
  });

  it('mounts only on #settings/accounts and leaves as soon as the route changes', async () => {
    const page = await s.context.newPage();
    await page.goto(urlOf('settings-available-en.html', '#inbox'));
    await page.waitForFunction(() => document.documentElement.dataset.m2kLoaded === '1');
    await page.waitForTimeout(300);
    expect(await page.locator(HOST).count()).toBe(0);

    await page.evaluate(() => (location.hash = '#settings/accounts'));
    await page.locator(PANEL).waitFor({ timeout: 5_000 });
    await page.evaluate(() => (location.hash = '#settings/general'));
    await page.locator(HOST).waitFor({ state: 'detached', timeout: 2_000 });
    await page.evaluate(() => (location.hash = '#settings/accounts'));
    await page.locator(PANEL).waitFor({ timeout: 5_000 });
    expect(await page.locator(HOST).count()).toBe(1);
    await page.goBack(); // popstate back to #settings/general
    await page.locator(HOST).waitFor({ state: 'detached', timeout: 2_000 });
    await page.close();
  });

  it("setup: records the intent through the background, then presses Gmail's own link", async () => {
    const page = await s.context.newPage();
    await page.goto(urlOf('settings-available-en.html'));
    await page.locator('[data-testid="m2k-setup"]').waitFor({ timeout: 10_000 });
    // Gmail's link in the fixture does nothing by itself: count what reaches it (main world).
    await page.evaluate(() => {
      const link = [...document.querySelectorAll('[role="link"]')].find((e) => e.textContent === 'Add a mail account')!;
      link.addEventListener('click', () => (document.body.dataset.addClicks = String(Number(document.body.dataset.addClicks ?? 0) + 1)));
    });
    const before = Date.now();
    await page.locator('[data-testid="m2k-setup"]').click();
    await page.locator('[data-testid="m2k-setup-status"][data-outcome="opening"]').waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => document.body.dataset.addClicks)).toBe('1');
    // The background holds a pending setup for this Gmail tab, with the tabs open at the press.
    const worker = s.context.serviceWorkers()[0]!;
    const stored = await worker.evaluate(() => (globalThis as unknown as Chrome).chrome.storage.session.get('m2k:tabIntents'));
    const intents = stored['m2k:tabIntents'] as { kind: string; at: number; tab: number; tabsBefore: number[] }[];
    const gmailTab = await worker.evaluate(
      async (url) => (await (globalThis as unknown as Tabs).chrome.tabs.query({})).find((t) => t.url === url)?.id,
      page.url(),
    );
    expect(intents).toEqual([
      { kind: 'setup-pending', at: expect.any(Number), tab: gmailTab, tabsBefore: expect.arrayContaining([gmailTab]) },
    ]);
    expect(intents[0]!.at).toBeGreaterThanOrEqual(before - 1000);
    expect(intents[0]!.at).toBeLessThanOrEqual(Date.now());
    await page.close();
  });

  it('saves the audit for the popup', async () => {
    const page = await s.context.newPage();
    await page.goto(urlOf('settings-closed-en.html'));
    await page.locator('[data-testid="m2k-finding"]').first().waitFor({ timeout: 10_000 });
    const worker = s.context.serviceWorkers()[0]!;
    let audit: { pageState: string; accounts: { address: string }[]; findings: { code: string }[] } | undefined;
    for (let i = 0; i < 50 && audit?.pageState !== 'closed'; i++) {
      const r = await worker.evaluate(() => (globalThis as unknown as Chrome).chrome.storage.local.get('m2k:lastAudit'));
      audit = r['m2k:lastAudit'] as typeof audit;
      if (audit?.pageState !== 'closed') await new Promise((res) => setTimeout(res, 100));
    }
    expect(audit?.pageState).toBe('closed');
    expect(audit?.accounts.map((a) => a.address)).toContain('teacher@mail.au.edu.tw');
    expect(audit?.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['no-uidl', 'try-later', 'network', 'pop-retiring']));
    await page.close();
  });
});

describe('panel when the page is not understood (Chromium, en)', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium({ lang: 'en' });
    await serveFakeGmail(s.context, routes);
    // So the test can read back what the panel copied.
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://mail.google.com' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says so and offers "Copy page structure" without addresses or values', async () => {
    const page = await s.context.newPage();
    const errors = watchErrors(page);
    await page.goto(urlOf('settings-empty.html'));
    const panel = page.locator(PANEL);
    await panel.waitFor({ timeout: 20_000 }); // shown once Gmail had time to render (8 s)
    expect(await panel.getAttribute('data-state')).toBe('unknown');
    await page.locator('[data-testid="m2k-copy-structure"]').click();
    const status = page.locator('[data-testid="m2k-copy-status"]');
    await status.waitFor();
    // Headless Chromium may refuse the clipboard: then the text is offered in a textarea.
    const copied =
      (await status.getAttribute('data-ok')) === 'true'
        ? await page.evaluate(() => navigator.clipboard.readText())
        : await page.locator('[data-testid="m2k-copy-status"] textarea').inputValue();
    expect(copied.length).toBeGreaterThan(20);
    expect(copied).not.toContain('quinn@example.com');
    expect(copied).not.toContain('draft text');
    expect(copied).not.toContain('Lunch on Friday');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a fetch account on another known Mail2000 site (Chromium, en)', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium({ lang: 'en' });
    await serveFakeGmail(s.context, routes);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('"Use these settings" opens Find my server for the address; its settings saved, the account counts as ours', async () => {
    const gmail = await s.context.newPage();
    await gmail.goto(`https://mail.google.com${OTHER_SITE}#settings/accounts`);
    const offer = gmail.locator('[data-testid="m2k-offer"]');
    await offer.first().waitFor({ timeout: 10_000 });
    expect(await offer.evaluateAll((els) => els.map((e) => [e.getAttribute('data-account'), e.getAttribute('data-host')]))).toEqual([
      ['henry@mail.nutn.edu.tw', 'mail.nutn.edu.tw'],
    ]);
    // No countdown for it yet: it is not the profile's server.
    expect(await gmail.locator('[data-testid="m2k-countdown"]').count()).toBe(4);
    const [options] = await Promise.all([s.context.waitForEvent('page'), gmail.locator('[data-testid="m2k-offer-use"]').click()]);
    await options.waitForLoadState();
    expect(options.url()).toBe(`chrome-extension://${s.extensionId}/options.html#find=henry%40mail.nutn.edu.tw`);
    expect(await options.getByTestId('m2k-find-from-gmail').textContent()).toContain('henry@mail.nutn.edu.tw');
    expect(await options.getByTestId('m2k-find-address').inputValue()).toBe('henry@mail.nutn.edu.tw');
    // The discovery started by itself; without the companion program here, the known-sites table answers.
    const known = options.getByTestId('m2k-find-known');
    await known.waitFor({ timeout: 30_000 });
    expect(await known.getAttribute('data-host')).toBe('mail.nutn.edu.tw');
    await options.getByTestId('m2k-find-use-known').click();
    await options.getByTestId('m2k-opt-saved').waitFor();
    const stored = await options.evaluate(
      () =>
        (globalThis as unknown as { chrome: { storage: { sync: Area } } }).chrome.storage.sync.get(null) as Promise<
          Record<string, unknown>
        >,
    );
    expect((stored.profile as { profile: unknown }).profile).toMatchObject({
      host: 'mail.nutn.edu.tw',
      address: 'henry@mail.nutn.edu.tw',
      verified: { how: 'known-site', host: 'mail.nutn.edu.tw' },
    });
    // Back on Gmail, without a reload: henry's account is the Mail2000 one now, and the others (on
    // mail.au.edu.tw) are offered instead.
    await expect
      .poll(() => gmail.locator('[data-testid="m2k-countdown"]').evaluateAll((els) => els.map((e) => e.textContent)), { timeout: 10_000 })
      .toHaveLength(1);
    await gmail.locator('[data-testid="m2k-findings"][data-judged="true"]').waitFor({ timeout: 10_000 });
    expect(await gmail.locator('[data-testid="m2k-countdown"]').evaluateAll((els) => els.map((e) => e.textContent))).toEqual([
      expect.stringContaining('henry@mail.nutn.edu.tw'),
    ]);
    expect(await offer.evaluateAll((els) => els.map((e) => e.getAttribute('data-host')))).toEqual([
      'mail.au.edu.tw',
      'mail.au.edu.tw',
      'mail.au.edu.tw',
      'mail.au.edu.tw',
    ]);
    await options.close();
    await gmail.close();
  });
});
