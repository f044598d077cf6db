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
import { allowSpec, installHelper, setProfile, uninstallHelper } from './support-probe';

let sites: SchoolSites;
let s: ChromiumSession;
let home: string;
let profileDir: string;
let page: Page;
let url: string;

const id = (t: string) => `[data-testid="${t}"]`;
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
  installHelper(home, profileDir, allowSpec('school.test', Object.values(sites.ports)));
  s = await launchChromium({
    userDataDir: profileDir,
    lang: 'en',
    env: { NODE_EXTRA_CA_CERTS: sites.certs.caCert, HOME: home, M2K_PROBE_DNS: sites.dnsServer },
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
    expect(await page.locator(id('m2k-find-other')).evaluateAll((els) => els.map((e) => e.getAttribute('data-host')))).toEqual([
      'pop.school.test',
      'webmail.school.test',
    ]);
    // The rows of every candidate that was probed, the black hole included, with the popup's details.
    const rows = await page.locator(id('m2k-find-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-host')));
    expect(new Set(rows)).toEqual(new Set(['mail.school.test', 'pop.school.test', 'imap.school.test', 'webmail.school.test']));
    expect(await page.locator(`${id('m2k-find-row')}[data-host="mail.school.test"] ${id('m2k-stage')}`).count()).toBeGreaterThan(5);

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

  it('without the helper: the known-sites entry, marked not verified from this computer, fills the profile', async () => {
    uninstallHelper(home);
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
