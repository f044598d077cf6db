// "Find my server" on the options page in real Chromium with the built extension and the REAL
// companion program installed into the test profile by its own `install` command: a discovery for
// the made-up school.test (a loopback DNS server named to the helper through M2K_PROBE_DNS in the
// browser's environment, real Dovecot sites, a Mail2000-like greeter, a black hole) fills the
// profile. Then, with the helper uninstalled, the known-sites table alone fills what it knows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, tempDir, type ChromiumSession } from '../support/browsers';
import { startSchoolSites, type SchoolSites } from '../support/discovery/sites';
import { allowSpec, installHelper, setProfile, uninstallHelper } from '../support/browsers/companion';
import { DISCOVERY_LIMITS } from '@/contract/limits';

let sites: SchoolSites;
let s: ChromiumSession;
let home: string;
let profileDir: string;
let page: Page;
let url: string;

const id = (t: string) => `[data-testid="${t}"]`;
/** Waits until the background's pause after the last discovery is over (read from storage.session, as the background keeps it). */
const pauseOver = async (p: Page) => {
  const readPacing = () =>
    p.evaluate(async () => {
      const area = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } })
        .chrome.storage.session;
      const v = (await area.get('m2k:discoveryPacing'))['m2k:discoveryPacing'] as { startedAt?: number; endedAt?: number } | undefined;
      return { last: Math.max(v?.startedAt ?? 0, v?.endedAt ?? 0), now: Date.now() };
    });
  await expect
    .poll(
      async () => {
        const r = await readPacing();
        return r.now - r.last;
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThan(DISCOVERY_LIMITS.minIntervalMs);
};
const stored = (p: Page) =>
  p.evaluate(() =>
    (
      globalThis as unknown as { chrome: { storage: { sync: { get(k: string[]): Promise<Record<string, unknown>> } } } }
    ).chrome.storage.sync.get(['profile']),
  );

beforeAll(async () => {
  sites = await startSchoolSites();
  home = tempDir('home-');
  profileDir = tempDir('chromium-disc-');
  // The test ports are not mail ports: the allow-list names them for the domain, as an admin would.
  installHelper(
    home,
    profileDir,
    `${allowSpec('school.test', Object.values(sites.ports))},${allowSpec('stls.test', Object.values(sites.ports))}`,
  );
  s = await launchChromium({
    userDataDir: profileDir,
    lang: 'en',
    env: { NODE_EXTRA_CA_CERTS: sites.certs.caCert, HOME: home, M2K_PROBE_DNS: sites.dnsServer, M2K_PROBE_ALLOW_LOOPBACK: '1' },
  });
  url = `chrome-extension://${s.extensionId}/options.html`;
  page = await s.context.newPage();
  await page.goto(url);
  // Discovery probes the profile's seven ports: here the test servers' ports.
  await setProfile(page, { ports: sites.ports });
  await page.reload();
}, 180_000);

afterAll(async () => {
  await s?.close();
  await sites?.stop();
  for (const d of [home, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('Find my server (Chromium, real helper)', () => {
  it('streams the rows, proposes mail.school.test with its reasons, lists the others; one press fills and saves the profile as verified', async () => {
    await page.locator(id('m2k-find-address')).fill('alice@school.test');
    await page.locator(id('m2k-find-run')).click();
    await page.locator(id('m2k-find-best')).waitFor({ timeout: 60_000 });
    expect(await page.locator(id('m2k-find-best')).getAttribute('data-host')).toBe('mail.school.test');
    const reasons = await page
      .locator(`${id('m2k-find-best')} ${id('m2k-find-reason')}`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(reasons).toEqual(['tls-implicit', 'cert-ok', 'uidl', 'own-domain', 'services']);
    expect(await page.locator(id('m2k-find-best')).textContent()).toContain(`POP3 port ${sites.ports.pop3s} with SSL`);
    // STLS on 110 counts for nothing in Gmail's choice: the Mail2000-like site is above the STLS one.
    expect(await page.locator(id('m2k-find-other')).evaluateAll((els) => els.map((e) => e.getAttribute('data-host')))).toEqual([
      'webmail.school.test',
      'pop.school.test',
    ]);
    // The rows of every candidate that was probed, the black hole included, with the popup's details.
    const rows = await page.locator(id('m2k-find-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-host')));
    expect(new Set(rows)).toEqual(new Set(['mail.school.test', 'pop.school.test', 'imap.school.test', 'webmail.school.test']));
    expect(await page.locator(`${id('m2k-find-row')}[data-host="mail.school.test"] ${id('m2k-stage')}`).count()).toBeGreaterThan(5);
    // The domain's own link-local answer was never contacted, and the page says so and why.
    const skipped = page.locator(id('m2k-find-skipped'));
    expect(await skipped.getAttribute('data-reason')).toBe('link-local');
    expect(await skipped.textContent()).toBe('school.test: 169.254.169.254 (a link-local address, never a mail server)');

    const before = Date.now();
    await page.locator(`${id('m2k-find-best')} ${id('m2k-find-use')}`).click();
    await page.locator(id('m2k-opt-saved')).waitFor();
    const got = (await stored(page)) as { profile: { profile: Record<string, unknown> } };
    const p = got.profile.profile as {
      address: string;
      host: string;
      popPort: number;
      ports: Record<string, number>;
      verified: { how: string; host: string; at: number };
    };
    const verified = p.verified;
    expect(p.address).toBe('alice@school.test');
    expect(p.host).toBe('mail.school.test');
    expect(p.popPort).toBe(995);
    expect(p.ports).toEqual(sites.ports);
    expect(verified.how).toBe('helper');
    expect(verified.host).toBe('mail.school.test');
    expect(verified.at).toBeGreaterThanOrEqual(before);
    expect(await page.locator(id('m2k-opt-verified')).getAttribute('data-how')).toBe('helper');
    expect(await page.locator(id('m2k-opt-host')).inputValue()).toBe('mail.school.test');
  }, 90_000);

  it('110 with STLS answers and the SSL port does not: SSL is kept and the page says why; a second search within the pause is refused with its own state', async () => {
    await pauseOver(page);
    await page.locator(id('m2k-find-address')).fill('bob@stls.test');
    await page.locator(id('m2k-find-run')).click();
    const best = page.locator(id('m2k-find-best'));
    await best.waitFor({ timeout: 60_000 });
    // Asked again at once: inside the pause, refused by the background before any helper starts.
    await page.locator(id('m2k-find-run')).click();
    const refused = page.locator(`${id('m2k-find-error')}[data-reason="rate-limited"]`);
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toMatch(/^A search ended moments ago\..*try again in [12] s\.$/);
    await page.reload();
    await pauseOver(page);
    await page.locator(id('m2k-find-address')).fill('bob@stls.test');
    await page.locator(id('m2k-find-run')).click();
    await best.waitFor({ timeout: 60_000 });
    expect(await best.getAttribute('data-host')).toBe('mail.stls.test');
    expect(await best.textContent()).toContain(`POP3 port ${sites.ports.pop3s} with SSL`);
    expect(await best.locator(id('m2k-find-not-reached')).textContent()).toBe(
      `POP3 with SSL (port ${sites.ports.pop3s}) did not answer from this network. Gmail is still set to SSL on 995: Google fetches from its own network, not from here.`,
    );
    const reasons = await best
      .locator(id('m2k-find-reason'))
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-code')}:${e.getAttribute('data-good')}`));
    expect(reasons.slice(0, 2)).toEqual(['pop3s-silent:false', 'tls-starttls:false']);
    expect(await page.locator('text=without SSL').count()).toBe(0);
    await best.locator(id('m2k-find-use')).click();
    await page.locator(id('m2k-opt-saved')).waitFor();
    expect(await page.locator(id('m2k-opt-plain-confirm')).count()).toBe(0);
    const got = (await stored(page)) as { profile: { profile: { host: string; popPort: number } } };
    expect(got.profile.profile).toMatchObject({ host: 'mail.stls.test', popPort: 995 });
  }, 120_000);

  it('without the helper: the known-sites entry, marked not verified from this computer, fills the profile', async () => {
    uninstallHelper(home);
    await pauseOver(page);
    await page.reload();
    await page.locator(id('m2k-find-address')).fill('amy@stu.au.edu.tw');
    await page.locator(id('m2k-find-run')).click();
    const missing = page.locator(id('m2k-find-missing'));
    await missing.waitFor({ timeout: 30_000 });
    expect(await missing.textContent()).toContain('not verified from this computer');
    // Loaded unpacked (a development checkout): the download for this system, and the checkout's command.
    expect(await missing.locator(id('m2k-helper-file')).first().textContent()).toBe('m2k-probe-linux-x64');
    expect(await missing.locator(id('m2k-install-command')).textContent()).toBe(
      'node dist/helper/m2k-probe.cjs install --browser chromium',
    );
    expect(await page.locator(id('m2k-find-known')).getAttribute('data-host')).toBe('mail.au.edu.tw');
    await page.locator(id('m2k-find-use-known')).click();
    await page.locator(id('m2k-opt-saved')).waitFor();
    const got2 = (await stored(page)) as { profile: { profile: { host: string; popPort: number; verified: unknown } } };
    expect(got2.profile.profile.host).toBe('mail.au.edu.tw');
    expect(got2.profile.profile.popPort).toBe(995);
    expect(got2.profile.profile.verified).toMatchObject({ how: 'known-site', host: 'mail.au.edu.tw' });
    expect(await page.locator(id('m2k-opt-verified')).getAttribute('data-how')).toBe('known-site');
  }, 60_000);
});
