// The Firefox harness itself: the add-on installs with its gecko id, https://mail.google.com reaches the
// local fixture server through the PAC + CONNECT proxy, other hosts are refused, HOME is temporary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { launchFirefox, registerNativeHostFirefox, type FirefoxSession } from '../support/browsers/firefox';
import { fixturePage } from '../support/browsers/fake-gmail';
import { GECKO_ID, NATIVE_HOST_NAME } from '@/contract/ids';

let ff: FirefoxSession;
beforeAll(async () => {
  ff = await launchFirefox({
    home: true,
    routes: { '/mail/*': ({ url }) => fixturePage(`<p id="path">${url.pathname}</p>`, 'Fake Gmail') },
  });
});
afterAll(async () => {
  await ff?.close();
});

describe('firefox harness', () => {
  it('installs the built add-on with its fixed gecko id', () => {
    expect(ff.addonId).toBe(GECKO_ID);
  });

  it('serves fixtures as https://mail.google.com with the Trusted Types header', async () => {
    const page = await ff.newPage();
    const res = await page.goto('https://mail.google.com/mail/u/0/', { timeout: 30_000 });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain('require-trusted-types-for');
    expect(await page.$eval('#path', (e) => e.textContent)).toBe('/mail/u/0/');
    expect(ff.gmail!.requests).toContain('/mail/u/0/');
    await page.close();
  });

  it('refuses every other host instead of reaching the network', async () => {
    const page = await ff.newPage();
    const err = await page.goto('https://example.com/', { timeout: 30_000 }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    await page.close();
  });

  it('runs content scripts of an add-on on the fixture pages', async () => {
    const fixture = await launchFirefox({
      extDir: 'tests/support/browsers/fixture-ext',
      routes: { '/mail/*': fixturePage('<p>fixture</p>') },
    });
    try {
      expect(fixture.addonId).toBe('harness-fixture@m2k.tools');
      const page = await fixture.newPage();
      await page.goto('https://mail.google.com/mail/u/1/', { timeout: 30_000 });
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-m2k-fixture'), { timeout: 15_000 });
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-m2k-fixture'))).toBe('/mail/u/1/');
    } finally {
      await fixture.close();
    }
  });

  it('runs with a temporary HOME for native messaging manifests', () => {
    expect(ff.home).toBeTruthy();
    expect(ff.home).not.toBe(process.env.HOME);
    const file = registerNativeHostFirefox(ff.home!, { name: NATIVE_HOST_NAME, path: '/bin/true', allowed_extensions: [GECKO_ID] });
    expect(file.startsWith(`${ff.home}/.mozilla/native-messaging-hosts/`)).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ allowed_extensions: [GECKO_ID] });
  });
});
