// The forwarding test's arrival path in Firefox ESR with the built extension (a test build with the
// feed watch every 1 s for at most 12 s: M2K_TEST_FEED_WATCH=1000,12000), the REAL companion program
// installed under a temporary HOME, and a real Postfix forwarding alice@school.test to the Gmail side
// (inbox@gmail.test) with a copy kept in Dovecot. The stand-in Gmail feed is built on each request
// from the Gmail side's mailbox (tests/support/gmail/atom-feed.ts). The driver cannot open
// moz-extension:// pages, but the test page is a tab the add-on opened itself, which it can drive:
// so the test presses the panel's "Test forwarding" as a person would and works on that tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from '../support/browsers';
import { pressPanelButton } from '../support/browsers/firefox-panel';
import { allowSpec, helperCli } from '../support/browsers/companion';
import { watchTestExtDir } from '../support/browsers/paths';
import { forwardingProfile, startForwardingStack, type ForwardingStack } from '../support/mail-servers/forwarding';
import { startDnsServer, type DnsServer } from '../support/dns/server';
import { atomFeedOf } from '../support/gmail/atom-feed';
import { gmailSettingsPage, SETTINGS_URL } from '../support/mail2000/chromium';
import { waitFor } from '../support/poll';
import { testTag } from '@/contract/send-test-rules';
import { defaultProfile } from '@/utils/profile/schema';
import { toStored } from '@/utils/profile/store';

let stack: ForwardingStack;
let dns: DnsServer;
let ff: FirefoxSession;
let feedRequests = 0;

beforeAll(async () => {
  stack = await startForwardingStack();
  dns = await startDnsServer({
    'school.test': { txt: ['v=spf1 ip4:127.0.0.0/8 -all'] },
    '_dmarc.school.test': { txt: ['v=DMARC1; p=reject; pct=100'] },
  });
  ff = await launchFirefox({
    extDir: watchTestExtDir('firefox'),
    routes: {
      '/mail/u/0/': gmailSettingsPage(),
      '/mail/u/0/feed/atom': () => {
        feedRequests++;
        return { contentType: 'application/atom+xml; charset=utf-8', body: atomFeedOf(stack.mailbox('inbox')) };
      },
    },
    home: true,
    env: { NODE_EXTRA_CA_CERTS: stack.certs.caCert, M2K_PROBE_DNS: `127.0.0.1:${dns.port}` },
  });
  helperCli(ff.home!, [
    'install',
    '--browser',
    'firefox',
    '--allow',
    allowSpec('localhost', [stack.ports.smtps, stack.ports.submission, stack.ports.imaps, stack.ports.pop3s]),
  ]);
}, 180_000);

afterAll(async () => {
  await ff?.close();
  await Promise.allSettled([stack?.stop(), dns?.stop()]);
});

const text = (p: Page, testid: string) => p.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testid);
const attr = (p: Page, testid: string, name: string) =>
  p.evaluate(([id, n]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(n!) ?? null, [testid, name] as const);

describe('the forwarding test in Firefox (real helper, real Postfix → Dovecot)', () => {
  it('the panel opens our page bound to this Gmail tab; the message is sent, kept, and seen in the Gmail feed', async () => {
    const gmail = await ff.newPage();
    await gmail.goto(SETTINGS_URL);
    const before = new Set(await ff.browser.pages());
    await pressPanelButton(gmail, 'm2k-forward-test-start');
    const page = (await waitFor(
      'the test page the add-on opened',
      async () => {
        for (const p of await ff.browser.pages()) {
          if (before.has(p)) continue;
          if (await p.evaluate(() => location.pathname === '/forward-test.html').catch(() => false)) return p;
        }
        return undefined;
      },
      (p) => p !== undefined,
      30_000,
    )) as Page;
    // Point the profile at the local servers the way the options page stores it, then read it again.
    const stored = toStored({ ...defaultProfile(), ...forwardingProfile(stack) });
    await page.evaluate(
      (v) =>
        (globalThis as unknown as { browser: { storage: { sync: { set(x: object): Promise<void> } } } }).browser.storage.sync.set({
          profile: v,
        }),
      stored as unknown as Record<string, unknown>,
    );
    await page.evaluate(() => void setTimeout(() => location.reload(), 0));
    await waitFor(
      'the bound Gmail tab',
      () => attr(page, 'm2k-ft-watcher', 'data-watcher'),
      (v) => v === 'true',
      20_000,
    );
    await waitFor(
      'the risk from DNS',
      () => attr(page, 'm2k-ft-risk', 'data-source'),
      (v) => v === 'dns',
      20_000,
    );
    await waitFor(
      'the form',
      () => page.evaluate(() => !(document.querySelector('[data-testid="m2k-ft-send"]') as HTMLButtonElement | null)?.disabled),
      (v) => v,
      20_000,
    );
    await page.type('[data-testid="m2k-ft-password"]', stack.person.password);
    await page.click('[data-testid="m2k-ft-send"]');
    const outcome = await waitFor(
      'the result',
      () => attr(page, 'm2k-ft-result', 'data-outcome'),
      (v) => v !== null,
      60_000,
    );
    expect(outcome).toBe('arrived');
    expect(await text(page, 'm2k-ft-result')).toMatch(/arrived in Gmail after \d+ s/);
    expect(await attr(page, 'm2k-ft-copy', 'data-found')).toBe('true');
    expect(await page.evaluate(() => (document.querySelector('[data-testid="m2k-ft-password"]') as HTMLInputElement).value)).toBe('');
    expect(feedRequests).toBeGreaterThan(0);
    const last = await page.evaluate(async () => {
      const b = (globalThis as unknown as { browser: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } })
        .browser;
      return JSON.stringify((await b.storage.local.get('m2k:lastForwardTest'))['m2k:lastForwardTest']);
    });
    const token = (JSON.parse(last) as { token: string }).token;
    expect(stack.mailbox('inbox').some((m) => m.includes(testTag(token)))).toBe(true);
    expect(last).not.toContain(stack.person.password);
  });
});
