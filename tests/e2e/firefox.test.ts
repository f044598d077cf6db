// Firefox ESR with the built add-on: it installs as a temporary add-on, and its content script runs on
// a fixture page served as https://mail.google.com (the script marks <html data-m2k-loaded>).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchFirefox, type FirefoxSession } from '../support/browsers/firefox';
import { fixturePage } from '../support/browsers/fake-gmail';
import { firefoxExtDir } from '../support/browsers/paths';
import { GECKO_ID } from '@/contract/ids';
import { originPattern, webmailOrigins } from '@/contract/known-sites';

let ff: FirefoxSession;
beforeAll(async () => {
  ff = await launchFirefox({
    home: true,
    routes: {
      '/mail/*': fixturePage('<div role="main"><h1>Inbox</h1></div>'),
    },
  });
});
afterAll(async () => {
  await ff?.close();
});

describe('Firefox', () => {
  it('installs the built add-on under its fixed gecko id', () => {
    const manifest = JSON.parse(readFileSync(join(firefoxExtDir(), 'manifest.json'), 'utf8')) as {
      background?: { scripts?: string[] };
      content_scripts?: { matches: string[] }[];
    };
    expect(manifest.background?.scripts?.length).toBeGreaterThan(0);
    // The Gmail script on Gmail only; the forwarding assistant on the known Mail2000 webmails only.
    expect(manifest.content_scripts?.map((c) => [...c.matches].sort())).toEqual([
      ['https://mail.google.com/*'],
      webmailOrigins().map(originPattern).sort(),
    ]);
    expect(ff.addonId).toBe(GECKO_ID);
  });

  it('runs the content script on a Gmail page (Trusted Types enforced)', async () => {
    const page = await ff.newPage();
    const res = await page.goto('https://mail.google.com/mail/u/0/#inbox', { timeout: 30_000 });
    expect(res?.headers()['content-security-policy']).toContain('require-trusted-types-for');
    await page.waitForFunction(() => document.documentElement.dataset.m2kLoaded === '1', { timeout: 20_000 });
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-m2k-loaded'))).toBe('1');
    // The page's own content is untouched on a non-settings route.
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Inbox');
    await page.close();
  });

  it('does not mark a page outside mail.google.com', async () => {
    // A local page, reached directly (PAC sends localhost DIRECT): the content script must not run there.
    const page = await ff.newPage();
    await page.goto(`data:text/html,${encodeURIComponent('<p>local</p>')}`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-m2k-loaded'))).toBe(false);
    await page.close();
  });
});
