/**
 * The forwarding flow in Chromium, as the person goes through it: Gmail's settings page with the
 * panel, the profile saved, a Mail2000-like webmail served at a site's https name; the panel's
 * button opens the webmail, the person logs in.
 */
import type { Frame, Page } from 'playwright-core';
import { launchChromiumWithSites, serveFakeGmail, type ChromiumSession, type LaunchChromiumOptions } from '../browsers';
import type { FakeGmailServer } from '../browsers/fake-gmail-server';
import { readFixture } from '../gmail/fixtures';
import { webmailRoutes, type WebmailVariant } from './webmail-routes';
import { forwardNoteState, GMAIL } from './fixtures';

export const SETTINGS_URL = 'https://mail.google.com/mail/u/0/#settings/accounts';
export const PROFILE = { address: 's1234567@mail.au.edu.tw', host: 'mail.au.edu.tw' };

type Chrome = { chrome: { storage: { sync: { set(i: unknown): Promise<void> } } } };

/** Gmail's Accounts and Import where fetching is gone (zh-TW), with this account's address in its title as Gmail shows it. */
export const gmailSettingsPage = (): string =>
  readFixture('settings-gone-zh-TW.html').replace(/<title>[^<]*<\/title>/, `<title>設定 - ${GMAIL} - Gmail</title>`);

/** The frame of `tab` named `name` once it shows `path` (a bounded wait). */
export async function frameAt(tab: Page, name: string, path: string, ms = 20_000): Promise<Frame> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const frame = tab.frames().find((f) => f.name() === name && f.url().includes(path));
    if (frame) return frame;
    await tab.waitForTimeout(50);
  }
  throw new Error(`no frame ${name} at ${path} within ${ms} ms`);
}

/**
 * Chromium with Gmail's settings (gone, zh-TW; the account's address in the title) and the webmail
 * at `host`, the profile saved; `s.server.siteRequests` records what the webmail was asked.
 */
export async function launchForwarding(
  variant: () => WebmailVariant,
  opts: { host?: string; profile?: Record<string, unknown>; launch?: LaunchChromiumOptions } = {},
): Promise<{ s: ChromiumSession & { server: FakeGmailServer }; requests: string[]; extPage: Page }> {
  const s = await launchChromiumWithSites({ [opts.host ?? PROFILE.host]: webmailRoutes(variant) }, opts.launch);
  await serveFakeGmail(s.context, { '/mail/u/0/': gmailSettingsPage() });
  const requests = s.server.siteRequests;
  const extPage = await s.context.newPage();
  await extPage.goto(`chrome-extension://${s.extensionId}/options.html`);
  await extPage.evaluate(
    (p) => (globalThis as unknown as Chrome).chrome.storage.sync.set({ profile: { version: 1, profile: p } }),
    opts.profile ?? PROFILE,
  );
  return { s, requests, extPage };
}

/** Gmail's settings page with the panel's forward button ready. */
export async function openGmail(s: ChromiumSession): Promise<Page> {
  const gmail = await s.context.newPage();
  await gmail.goto(SETTINGS_URL);
  await gmail.getByTestId('m2k-forward-start').waitFor({ timeout: 20_000 });
  return gmail;
}

/** Presses "Forward Mail2000 to this Gmail" as the person; the webmail tab it opened. */
export async function pressForward(s: ChromiumSession, gmail: Page): Promise<Page> {
  const [tab] = await Promise.all([s.context.waitForEvent('page', { timeout: 15_000 }), gmail.getByTestId('m2k-forward-start').click()]);
  return tab;
}

/** The assistant's note state in `where` (a page or a frame), or null when there is no note. */
export const noteState = (where: Page | Frame) => where.evaluate(forwardNoteState);

/** Logs in on the webmail's login page as the person would (the test types the password; the assistant never does). */
export async function logIn(tab: Page): Promise<void> {
  await tab.locator('input[name=USERID]').fill('s1234567');
  await tab.locator('input[name=PASSWD]').fill('Pw-typed-by-the-person-1');
  await tab.locator('input[type=submit]').click();
}
