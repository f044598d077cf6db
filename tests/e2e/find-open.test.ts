// `find:open` in real Chromium with the built extension: the Gmail panel's "Use these settings"
// opens "Find my server" in one options tab, focused (and moved to the new address) on every later
// request instead of a new tab; an address that is not on a known Mail2000 site, as the panel's offer
// could never carry, is refused and opens nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, serveFakeGmail, type ChromiumSession } from '../support/browsers';

let s: ChromiumSession;
let gmail: Page;

/** chrome.runtime.sendMessage from one of our pages, as the router sees any of them. */
const send = (page: Page, message: unknown) =>
  page.evaluate(
    (m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m),
    message,
  );
const tabs = () => s.context.pages().filter((p) => !p.isClosed());

beforeAll(async () => {
  s = await launchChromium({ lang: 'en' });
  // The closed page with one account on another school's known Mail2000 site (mail.nutn.edu.tw).
  const page = readFileSync('tests/fixtures/gmail/settings-closed-en.html', 'utf8').replace('henry@example.com', 'henry@mail.nutn.edu.tw');
  await serveFakeGmail(s.context, { '/mail/u/0/': page });
  gmail = await s.context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#settings/accounts');
}, 120_000);

afterAll(async () => {
  await s?.close();
});

describe('find:open (Chromium)', () => {
  it('one options tab: opened by the offer, focused and moved to the next address after that; an off-table address is refused', async () => {
    const offer = gmail.getByTestId('m2k-offer-use');
    await offer.waitFor({ timeout: 15_000 });
    const [options] = await Promise.all([s.context.waitForEvent('page'), offer.click()]);
    await options.getByTestId('m2k-find-from-gmail').waitFor();
    expect(options.url()).toBe(`chrome-extension://${s.extensionId}/options.html#find=henry%40mail.nutn.edu.tw`);
    const open = tabs().length;

    // The same address again (the panel's message; its answer comes once the tab is handled): no
    // second tab, and the page is not loaded again.
    await options.evaluate(() => ((window as unknown as { m2kMark: number }).m2kMark = 1));
    expect(await send(options, { type: 'find:open', address: 'henry@mail.nutn.edu.tw' })).toEqual({ ok: true });
    expect(tabs()).toHaveLength(open);
    expect(await options.evaluate(() => (window as unknown as { m2kMark?: number }).m2kMark)).toBe(1);

    // Another address on a known site: the same tab, moved to it, with its own search.
    expect(
      await send(
        gmail
          .context()
          .pages()
          .find((p) => p.url().startsWith('chrome-extension://'))!,
        {
          type: 'find:open',
          address: 'amy@stu.au.edu.tw',
        },
      ),
    ).toEqual({ ok: true });
    await expect.poll(() => options.url()).toBe(`chrome-extension://${s.extensionId}/options.html#find=amy%40stu.au.edu.tw`);
    await expect.poll(() => options.getByTestId('m2k-find-from-gmail').textContent()).toContain('amy@stu.au.edu.tw');
    expect(tabs()).toHaveLength(open);

    // Addresses the panel's offer could never carry: refused, nothing opened or moved.
    for (const address of ['mallory@evil.example', 'x@mail.nutn.edu.tw.evil.example', 'mail.nutn.edu.tw', 'a b@mail.nutn.edu.tw', '']) {
      const reply = (await send(options, { type: 'find:open', address })) as { refused?: { reason: string; detail: string } };
      expect(reply.refused, address).toEqual({ reason: 'bad-request', detail: 'find:open: not an address on a known Mail2000 site' });
    }
    expect(tabs()).toHaveLength(open);
    expect(options.url()).toBe(`chrome-extension://${s.extensionId}/options.html#find=amy%40stu.au.edu.tw`);
  }, 90_000);
});
