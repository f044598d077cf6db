// The forwarding test without the companion program, in real Chromium with the built extension: the
// page opened by the panel's "Test forwarding" shows the same install steps as the popup
// (components/HelperSetup.tsx) instead of a password form, and still says what forwarding means for
// the person's mail (the sentences that do not need the school's DNS records).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveFakeGmail, type ChromiumSession } from '../support/browsers';
import { setProfile } from '../support/browsers/companion';
import { gmailSettingsPage, SETTINGS_URL } from '../support/mail2000/chromium';

let s: ChromiumSession;

beforeAll(async () => {
  // A profile of its own with no native host registered in it.
  s = await launchChromium({ lang: 'zh-TW' });
  await serveFakeGmail(s.context, { '/mail/u/0/': gmailSettingsPage() });
  const ext = await s.context.newPage();
  await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
  await setProfile(ext, { address: 'staff@au.edu.tw', host: 'mail.au.edu.tw' });
  await ext.close();
}, 120_000);

afterAll(async () => {
  await s?.close();
});

describe('the forwarding test without the helper (Chromium, zh-TW)', () => {
  it('shows how to install the helper, no password field, and the risk in general terms', async () => {
    const gmail = await s.context.newPage();
    await gmail.goto(SETTINGS_URL);
    const button = gmail.getByTestId('m2k-forward-test-start');
    await button.waitFor({ timeout: 20_000 });
    expect(await button.textContent()).toBe('測試轉寄');
    const opened = s.context.waitForEvent('page', { timeout: 15_000 });
    await button.click();
    const page = await opened;
    await page.waitForURL(`chrome-extension://${s.extensionId}/forward-test.html`);
    const missing = page.getByTestId('m2k-helper-missing');
    await missing.waitFor({ timeout: 20_000 });
    expect(await missing.getAttribute('data-reason')).toBe('not-installed');
    expect(await page.getByTestId('m2k-ft-password').count()).toBe(0);
    expect(await page.getByTestId('m2k-ft-risk').getAttribute('data-source')).toBe('generic');
    expect(await page.getByTestId('m2k-ft-risk-note').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual([
      'colleagues-pass',
      'outside-dkim',
      'keep-copy',
    ]);
    expect(await page.locator('h1').textContent()).toBe('測試轉寄');
    expect(await page.getByTestId('m2k-ft-watcher').getAttribute('data-watcher')).toBe('true');
  });
});
