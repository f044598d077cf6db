// The panel in Firefox ESR with the built add-on (the Chromium suite is tests/e2e/panel.test.ts):
// the fixture pages served as https://mail.google.com with Gmail's Trusted Types header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from '../support/browsers/firefox';
import { PANEL_HOST, pressPanelButton, shadowAttribute } from '../support/browsers/firefox-panel';
import { waitFor } from '../support/poll';
import { readFixture } from '../support/gmail/fixtures';

const FIXTURES = ['settings-available-en.html', 'settings-closed-zh-TW.html', 'settings-gone-en.html'] as const;
const routes = Object.fromEntries(FIXTURES.map((f, i) => [`/mail/u/${i}/`, readFixture(f)]));
const urlOf = (f: (typeof FIXTURES)[number]) => `https://mail.google.com/mail/u/${FIXTURES.indexOf(f)}/#settings/accounts`;
/** The closed zh-TW page with ning's fetch account on mail.nutn.edu.tw, a known Mail2000 site other than the profile's. */
routes['/mail/u/50/'] = routes[`/mail/u/${FIXTURES.indexOf('settings-closed-zh-TW.html')}/`]!.replace(
  'ning@example.net',
  'ning@mail.nutn.edu.tw',
);

/** The panel's state and finding codes, read through its open shadow root (null until it shows). */
const readPanel = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-m2k-panel-host]')?.shadowRoot;
    const panel = root?.querySelector('[data-testid="m2k-panel"]');
    if (!root || !panel) return null;
    return {
      state: panel.getAttribute('data-state'),
      codes: Array.from(root.querySelectorAll('[data-testid="m2k-finding"]')).map((e) => e.getAttribute('data-code')),
    };
  });

async function waitPanel(page: Page, want: (p: NonNullable<Awaited<ReturnType<typeof readPanel>>>) => boolean) {
  for (let i = 0; i < 100; i++) {
    const p = await readPanel(page);
    if (p && want(p)) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`panel not as expected: ${JSON.stringify(await readPanel(page))}`);
}

let ff: FirefoxSession;
beforeAll(async () => {
  ff = await launchFirefox({ routes });
});
afterAll(async () => {
  await ff?.close();
});

describe('panel in Firefox', () => {
  it('closed zh-TW page: state and a finding per error row', async () => {
    const page = await ff.newPage();
    await page.goto(urlOf('settings-closed-zh-TW.html'), { timeout: 30_000 });
    const p = await waitPanel(page, (x) => x.state === 'closed' && x.codes.length > 0);
    expect(p.codes).toEqual(expect.arrayContaining(['network', 'ssl-mismatch', 'imap-port', 'pop-retiring']));
    await page.close();
  });

  it('gone page', async () => {
    const page = await ff.newPage();
    await page.goto(urlOf('settings-gone-en.html'), { timeout: 30_000 });
    expect((await waitPanel(page, (x) => x.state !== null)).state).toBe('gone');
    await page.close();
  });

  it("available page: setup records the intent and presses Gmail's link; leaves on route change", async () => {
    const page = await ff.newPage();
    await page.goto(urlOf('settings-available-en.html'), { timeout: 30_000 });
    await waitPanel(page, (x) => x.state === 'available');
    await page.evaluate(() => {
      const link = [...document.querySelectorAll('[role="link"]')].find((e) => e.textContent === 'Add a mail account')!;
      link.addEventListener('click', () => (document.body.dataset.addClicks = String(Number(document.body.dataset.addClicks ?? 0) + 1)));
    });
    // A click made by the page's own script does nothing (Firefox too)...
    await page.evaluate(() =>
      (document.querySelector('[data-m2k-panel-host]')!.shadowRoot!.querySelector('[data-testid="m2k-setup"]') as HTMLElement).click(),
    );
    await new Promise((r) => setTimeout(r, 700));
    expect(await page.evaluate(() => document.body.dataset.addClicks ?? null)).toBeNull();
    // ...the person's click does.
    await pressPanelButton(page, 'm2k-setup');
    const outcome = await waitFor(
      'the setup status',
      () => shadowAttribute(page, PANEL_HOST, 'm2k-setup-status', 'data-outcome'),
      (o) => o !== null,
      5_000,
    );
    expect(outcome).toBe('opening');
    expect(await page.evaluate(() => document.body.dataset.addClicks)).toBe('1');

    await page.evaluate(() => (location.hash = '#inbox'));
    for (let i = 0; i < 30 && (await page.evaluate(() => !!document.querySelector('[data-m2k-panel-host]'))); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await page.evaluate(() => !!document.querySelector('[data-m2k-panel-host]'))).toBe(false);
    await page.close();
  });

  it('a fetch account on another known Mail2000 site: "Use these settings" opens Find my server for it', async () => {
    const page = await ff.newPage();
    await page.goto('https://mail.google.com/mail/u/50/#settings/accounts', { timeout: 30_000 });
    // Polled: the offer comes with the background's answer, inside the panel's shadow root.
    const offer = await waitFor(
      'the offer',
      () =>
        page.evaluate(() => {
          const o = document.querySelector('[data-m2k-panel-host]')?.shadowRoot?.querySelector('[data-testid="m2k-offer"]');
          return o ? [o.getAttribute('data-account'), o.getAttribute('data-host')] : null;
        }),
      (v) => v !== null,
      30_000,
    );
    expect(offer).toEqual(['ning@mail.nutn.edu.tw', 'mail.nutn.edu.tw']);
    const before = new Set(await ff.browser.pages());
    await pressPanelButton(page, 'm2k-offer-use');
    const options = (await waitFor(
      'the options page opened for the address',
      async () => {
        // Puppeteer over BiDi may name an extension page about:blank: ask the page itself.
        for (const p of await ff.browser.pages())
          if (!before.has(p) && (await p.evaluate(() => location.href)).includes('/options.html#find=')) return p;
        return undefined;
      },
      (p) => p !== undefined,
      30_000,
    ))!;
    expect(await options.evaluate(() => location.href)).toMatch(/^moz-extension:\/\/[^/]+\/options\.html#find=ning%40mail\.nutn\.edu\.tw$/);
    const typed = await waitFor(
      'the address in Find my server',
      () => options.evaluate(() => document.querySelector<HTMLInputElement>('[data-testid="m2k-find-address"]')?.value ?? null),
      (v) => v === 'ning@mail.nutn.edu.tw',
    );
    expect(typed).toBe('ning@mail.nutn.edu.tw');
    // Started by itself: without the companion program here, the known-sites table answers.
    const known = await waitFor(
      'the known site',
      () => options.evaluate(() => document.querySelector('[data-testid="m2k-find-known"]')?.getAttribute('data-host') ?? null),
      (v) => v !== null,
      30_000,
    );
    expect(known).toBe('mail.nutn.edu.tw');
    await options.click('[data-testid="m2k-find-use-known"]');
    // Saved there, followed here without a reload: ning's account is the one counted down now.
    const countdowns = await waitFor(
      'the panel to follow the saved profile',
      () =>
        page.evaluate(() =>
          Array.from(
            document.querySelector('[data-m2k-panel-host]')?.shadowRoot?.querySelectorAll('[data-testid="m2k-countdown"]') ?? [],
          ).map((e) => e.textContent ?? ''),
        ),
      (v) => v.length === 1,
      20_000,
    );
    expect(countdowns[0]).toContain('ning@mail.nutn.edu.tw');
    await options.close();
    await page.close();
  });
});
