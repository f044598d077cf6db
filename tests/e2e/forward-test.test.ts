// The forwarding test in real Chromium with the built extension (a test build, `npm run build:watch-test`: the feed watch every
// 1 s for at most 12 s), the REAL companion program
// installed into the test profile, and a real Postfix that forwards alice@school.test to the Gmail
// side (inbox@gmail.test) keeping a copy in Dovecot (tests/support/mail-servers/forwarding.ts). The
// school's SPF and DMARC come from a loopback DNS server. Gmail is the fixture settings page; its
// inbox feed, https://mail.google.com/mail/u/0/feed/atom, is built on each request from the Gmail
// side's real mailbox (tests/support/gmail/atom-feed.ts). Cases: the message arrives; it does not
// arrive within the (shortened) limit; the feed cannot be read, so the person is asked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, serveFakeGmail, tempDir, type ChromiumSession, type FakeReply } from '../support/browsers';
import { allowSpec, installHelper, setProfile } from '../support/browsers/companion';
import { watchTestExtDir } from '../support/browsers/paths';
import { forwardingProfile, startForwardingStack, type ForwardingStack } from '../support/mail-servers/forwarding';
import { startDnsServer, type DnsServer } from '../support/dns/server';
import { atomFeedOf } from '../support/gmail/atom-feed';
import { gmailSettingsPage, SETTINGS_URL } from '../support/mail2000/chromium';
import { GMAIL } from '../support/mail2000/fixtures';
import { testTag } from '@/contract/send-test-rules';

let stack: ForwardingStack;
let dns: DnsServer;
let s: ChromiumSession;
let home: string;
let profileDir: string;
let gmail: Page;

/** What the stand-in feed answers: the Gmail side's mailbox, the same feed without this test's message, or a sign-in page. */
let feedMode: 'mailbox' | 'withhold' | 'signed-out' = 'mailbox';
let feedRequests = 0;
/** When the token first appeared in the feed served (for the detection lag). */
let withheld: string | null = null;

const feed = (): FakeReply => {
  feedRequests++;
  if (feedMode === 'signed-out')
    return { status: 200, body: '<!doctype html><html><body><form action="/ServiceLogin">Sign in</form></body></html>' };
  const messages = stack.mailbox('inbox').filter((m) => !(feedMode === 'withhold' && withheld && m.includes(withheld)));
  return { contentType: 'application/atom+xml; charset=utf-8', body: atomFeedOf(messages) };
};

beforeAll(async () => {
  stack = await startForwardingStack();
  dns = await startDnsServer({
    'school.test': { txt: ['v=spf1 ip4:127.0.0.0/8 -all'] },
    '_dmarc.school.test': { txt: ['v=DMARC1; p=reject; pct=100'] },
  });
  home = tempDir('home-ft-');
  profileDir = tempDir('chromium-ft-');
  installHelper(
    home,
    profileDir,
    allowSpec('localhost', [stack.ports.smtps, stack.ports.submission, stack.ports.imaps, stack.ports.pop3s]),
  );
  s = await launchChromium({
    extDir: watchTestExtDir('chrome'),
    userDataDir: profileDir,
    lang: 'en',
    env: { NODE_EXTRA_CA_CERTS: stack.certs.caCert, HOME: home, M2K_PROBE_DNS: `127.0.0.1:${dns.port}` },
  });
  await serveFakeGmail(s.context, { '/mail/u/0/': gmailSettingsPage(), '/mail/u/0/feed/atom': feed });
  const ext = await s.context.newPage();
  await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
  await setProfile(ext, forwardingProfile(stack));
  await ext.close();
  gmail = await s.context.newPage();
  await gmail.goto(SETTINGS_URL);
  await gmail.getByTestId('m2k-forward-test-start').waitFor({ timeout: 20_000 });
}, 180_000);

afterAll(async () => {
  await s?.close();
  await Promise.allSettled([stack?.stop(), dns?.stop()]);
  for (const d of [home, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

beforeEach(() => {
  feedMode = 'mailbox';
  withheld = null;
  feedRequests = 0;
});

/** The panel's "Test forwarding": our page opens in a new tab, bound to this Gmail tab. */
async function openTestPage(): Promise<Page> {
  const opened = s.context.waitForEvent('page', { timeout: 15_000 });
  await gmail.getByTestId('m2k-forward-test-start').click();
  const page = await opened;
  await page.waitForURL(`chrome-extension://${s.extensionId}/forward-test.html`);
  await expect.poll(() => page.getByTestId('m2k-ft-watcher').getAttribute('data-watcher'), { timeout: 10_000 }).toBe('true');
  return page;
}

async function sendWith(page: Page, password: string): Promise<void> {
  await page.getByTestId('m2k-ft-password').fill(password);
  await page.getByTestId('m2k-ft-send').click();
  // The password leaves the field at once.
  expect(await page.getByTestId('m2k-ft-password').inputValue()).toBe('');
}

const resultOf = async (page: Page, timeout = 60_000) => {
  const result = page.getByTestId('m2k-ft-result');
  await result.waitFor({ timeout });
  return { outcome: await result.getAttribute('data-outcome'), text: (await result.textContent()) ?? '' };
};

describe('the forwarding test (Chromium, real helper, real Postfix → Dovecot)', () => {
  it('the message arrives: sent through the school server, the copy kept, seen in the Gmail feed; in history and the popup, no password anywhere', async () => {
    expect(await gmail.getByTestId('m2k-forward-test-start').textContent()).toBe('Test forwarding');
    const page = await openTestPage();
    // Where the test starts: the risk sentences from the school's SPF and DMARC (read by the helper).
    await expect.poll(() => page.getByTestId('m2k-ft-risk').getAttribute('data-source'), { timeout: 20_000 }).toBe('dns');
    const notes = await page.getByTestId('m2k-ft-risk-note').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(notes).toEqual(expect.arrayContaining(['colleagues-pass', 'outside-dkim', 'keep-copy']));
    await sendWith(page, stack.person.password);
    const { outcome, text } = await resultOf(page);
    expect(outcome).toBe('arrived');
    expect(text).toMatch(/arrived in Gmail after \d+ s/);
    expect(await page.getByTestId('m2k-ft-send-result').getAttribute('data-outcome')).toBe('accepted');
    expect(await page.getByTestId('m2k-ft-copy').getAttribute('data-found')).toBe('true');
    expect(await page.getByTestId('m2k-ft-kept').textContent()).toMatch(/kept in Mail2000/);
    expect(feedRequests).toBeGreaterThan(0);
    // The message is really in the Gmail side's mailbox, and the token on the page is its token.
    const token = await page.evaluate(async () => {
      const c = (
        globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, { token: string }>> } } } }
      ).chrome;
      return (await c.storage.local.get('m2k:lastForwardTest'))['m2k:lastForwardTest']!.token;
    });
    expect(stack.mailbox('inbox').some((m) => m.includes(testTag(token)))).toBe(true);

    // Stored: the popup's line and the report's list; the password is in neither, nor in storage.
    const popup = await s.context.newPage();
    await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await expect.poll(() => popup.getByTestId('m2k-popup-forward-test').getAttribute('data-outcome'), { timeout: 10_000 }).toBe('arrived');
    expect(await popup.getByTestId('m2k-popup-forward-test').textContent()).toMatch(/^Forwarding verified on /);
    const report = await s.context.newPage();
    await report.goto(`chrome-extension://${s.extensionId}/report.html`);
    await expect
      .poll(() => report.locator(`[data-testid="m2k-report-forward-test"][data-token="${token}"]`).count(), { timeout: 10_000 })
      .toBe(1);
    const everything = await report.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: null): Promise<unknown> }; session: { get(k: null): Promise<unknown> } } };
        }
      ).chrome;
      const db = await new Promise<IDBDatabase>((ok, no) => {
        const r = indexedDB.open('m2k-history');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      const all = await new Promise<unknown[]>((ok) => {
        const r = db.transaction('runs').objectStore('runs').getAll();
        r.onsuccess = () => ok(r.result);
      });
      return JSON.stringify([await c.storage.local.get(null), await c.storage.session.get(null), all, document.body.innerText]);
    });
    expect(everything).toContain(token);
    expect(everything).not.toContain(stack.person.password);
    await Promise.all([popup.close(), report.close(), page.close()]);
  });

  it('it does not arrive within the (shortened) limit: the likely causes in order, with the spam search', async () => {
    const page = await openTestPage();
    // The feed leaves out every message this test sends: as if Gmail never got it.
    feedMode = 'withhold';
    withheld = 'M2K-TEST';
    await sendWith(page, stack.person.password);
    await expect.poll(() => page.getByTestId('m2k-ft-watch').getAttribute('data-looks'), { timeout: 30_000 }).not.toBe('0');
    // The Gmail tab's panel says it is looking, for as long as it does.
    expect(await gmail.getByTestId('m2k-forward-test-watching').textContent()).toContain('Looking for the test message');
    const { outcome, text } = await resultOf(page, 40_000);
    expect(outcome).toBe('not-arrived');
    await expect.poll(() => gmail.getByTestId('m2k-forward-test-watching').count(), { timeout: 5_000 }).toBe(0);
    expect(text).toContain('not in Gmail');
    expect(await page.getByTestId('m2k-ft-cause').evaluateAll((els) => els.map((e) => e.getAttribute('data-cause')))).toEqual([
      'not-saved',
      'security-code',
      'spam',
      'refused',
    ]);
    expect(await page.getByTestId('m2k-ft-spam-search').textContent()).toMatch(/^in:spam "\[M2K-TEST [2-9a-hjkmnp-z]{10}\]"$/);
    // Several looks, one a second, within the 12 s limit.
    expect(feedRequests).toBeGreaterThanOrEqual(5);
    expect(feedRequests).toBeLessThanOrEqual(16);
    await page.close();
  });

  it('the feed cannot be read (a sign-in page): the person is asked and told why; the answer is the result', async () => {
    const page = await openTestPage();
    feedMode = 'signed-out';
    await sendWith(page, stack.person.password);
    const ask = page.getByTestId('m2k-ft-ask');
    await ask.waitFor({ timeout: 40_000 });
    expect(await ask.getAttribute('data-why')).toBe('not-xml');
    expect(await ask.textContent()).toContain('cannot read its inbox feed');
    await page.getByTestId('m2k-ft-no').click();
    const { outcome } = await resultOf(page, 10_000);
    expect(outcome).toBe('confirmed-missing');
    const popup = await s.context.newPage();
    await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await expect
      .poll(() => popup.getByTestId('m2k-popup-forward-test').getAttribute('data-outcome'), { timeout: 10_000 })
      .toBe('confirmed-missing');
    expect(await popup.getByTestId('m2k-popup-forward-test').textContent()).toContain('failed');
    await Promise.all([popup.close(), page.close()]);
  });
});
