// The Chromium harness itself: extension loads with its fixed id, UI language follows `lang`,
// fake Gmail is served with Gmail's Trusted Types CSP, native host manifests land where Chromium reads them.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, registerNativeHostChromium, tempDir, type ChromiumSession } from '../support/browsers/chromium';
import { serveFakeGmail } from '../support/browsers/chromium-gmail';
import { fixturePage } from '../support/browsers/fake-gmail';
import { CHROME_EXTENSION_ID, NATIVE_HOST_NAME } from '@/contract/ids';

const sessions: ChromiumSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

const messages = (lang: 'en' | 'zh_TW') =>
  JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<string, { message: string }>;

describe('chromium harness', () => {
  it.each([
    ['en', 'en', 'en'],
    ['zh-TW', 'zh-TW', 'zh_TW'],
  ] as const)('loads the extension with the fixed id and %s UI', async (lang, uiPrefix, localeDir) => {
    const s = await launchChromium({ lang });
    sessions.push(s);
    expect(s.extensionId).toBe(CHROME_EXTENSION_ID);
    const worker = s.context.serviceWorkers()[0]!;
    const [ui, desc] = await worker.evaluate(() => {
      // Runs in the service worker, where `chrome` exists; the test's own typings do not know it.
      const { i18n } = (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string; getMessage(k: string): string } } }).chrome;
      return [i18n.getUILanguage(), i18n.getMessage('extDescription')];
    });
    expect(ui.startsWith(uiPrefix)).toBe(true);
    expect(desc).toBe(messages(localeDir).extDescription!.message);
  });

  it('serves fixture pages as https://mail.google.com with Trusted Types enforced', async () => {
    const s = await launchChromium();
    sessions.push(s);
    await serveFakeGmail(s.context, {
      '/mail/*': ({ url }) =>
        fixturePage(
          `<p id="path">${url.pathname}</p><script>try { document.body.innerHTML = '<b>x</b>'; document.title = 'innerHTML allowed'; } catch { document.title = 'trusted types enforced'; }</script>`,
        ),
    });
    const page = await s.context.newPage();
    const res = await page.goto('https://mail.google.com/mail/u/0/#settings/accounts');
    expect(res?.headers()['content-security-policy']).toContain('require-trusted-types-for');
    expect(await page.textContent('#path')).toBe('/mail/u/0/');
    expect(await page.title()).toBe('trusted types enforced');
    const missing = await page.goto('https://mail.google.com/other');
    expect(missing?.status()).toBe(404);
  });

  it('serves non-HTML replies with their own status and type, without the page CSP', async () => {
    const s = await launchChromium();
    sessions.push(s);
    await serveFakeGmail(s.context, {
      '/sync/*': { contentType: 'application/json', body: '{"ok":true}' },
      '/mail/u/0/': ({ url }) => ({ status: 500, body: fixturePage(`<p id="q">${url.search}</p>`) }),
    });
    const page = await s.context.newPage();
    const json = await page.goto('https://mail.google.com/sync/x');
    expect(json?.headers()['content-type']).toBe('application/json');
    expect(json?.headers()['content-security-policy']).toBeUndefined();
    expect(await json?.json()).toEqual({ ok: true });
    const err = await page.goto('https://mail.google.com/mail/u/0/?ui=2');
    expect(err?.status()).toBe(500);
    expect(err?.headers()['content-security-policy']).toContain('require-trusted-types-for');
    expect(await page.textContent('#q')).toBe('?ui=2');
  });

  it('writes a native host manifest where a custom profile reads it', () => {
    const dir = tempDir('nm-');
    try {
      const file = registerNativeHostChromium(dir, {
        name: NATIVE_HOST_NAME,
        path: '/bin/true',
        allowed_origins: [`chrome-extension://${CHROME_EXTENSION_ID}/`],
      });
      expect(file).toBe(join(dir, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`));
      expect(existsSync(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ name: NATIVE_HOST_NAME, type: 'stdio' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
