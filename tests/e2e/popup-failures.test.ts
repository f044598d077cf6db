// How the popup ends a run when the helper cannot serve it: a mail host the real helper refuses, a
// manifest that does not name this extension, and a helper that dies mid-run (then the next run
// starts it again). Never an endless spinner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, registerNativeHostChromium, tempDir, type ChromiumSession } from '../support/browsers';
import { fakeHostScript, writeFakeHost } from '../support/native-host/fake-host';
import { CHROME_ORIGIN, NATIVE_HOST_NAME } from '@/contract/ids';
import { installHelper, runProbe, setProfile } from './support-probe';

let s: ChromiumSession;
let home: string;
let profileDir: string;
let page: Page;

/**
 * A stand-in for a helper that crashes: the real one cannot be made to die on cue. First start: it
 * answers hello, then exits in the middle of the probe. Later starts: it answers hello and a summary.
 */
const CRASHER = fakeHostScript({
  setup: `const marker = process.env.M2K_CRASH_MARKER;
const first = !fs.existsSync(marker);
fs.writeFileSync(marker, 'x');`,
  onMessage: `    if (msg.type === 'hello') send({ type: 'hello', version: 1, helperVersion: 'crasher', allow: [] });
    else if (first) process.exit(3);
    else send({ type: 'summary', id: msg.id, host: msg.host, ms: 1, ok: false });`,
});

beforeAll(async () => {
  home = tempDir('home-');
  profileDir = tempDir('chromium-nm-');
  installHelper(home, profileDir, '127.0.0.1');
  s = await launchChromium({ userDataDir: profileDir, lang: 'en', env: { HOME: home, M2K_CRASH_MARKER: join(home, 'crashed-once') } });
  page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
}, 120_000);
afterAll(async () => {
  await s?.close();
  for (const d of [home, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const open = async () => {
  await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
  await page.getByTestId('m2k-probe-run').waitFor();
};

describe('popup when the helper cannot serve the run', () => {
  it('a mail host the helper refuses: the missing state with an --allow install command', async () => {
    await setProfile(page, { host: '127.0.0.2' });
    await open();
    await runProbe(page, 30_000);
    const missing = page.getByTestId('m2k-helper-missing');
    expect(await missing.getAttribute('data-reason')).toBe('host-not-allowed');
    expect(await page.getByTestId('m2k-install-command').textContent()).toBe('npx m2k-probe install --browser chromium --allow 127.0.0.2');
  });

  it('a host manifest that does not name this extension: the missing state, "forbidden"', async () => {
    registerNativeHostChromium(profileDir, { name: NATIVE_HOST_NAME, path: '/bin/false', allowed_origins: ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/'] });
    await setProfile(page, { host: '127.0.0.1' });
    await open();
    await runProbe(page, 30_000);
    expect(await page.getByTestId('m2k-helper-missing').getAttribute('data-reason')).toBe('forbidden');
  });

  it('a helper that dies mid-run is reported as a crash; the next run starts it again', async () => {
    const script = writeFakeHost(join(home, 'crasher.cjs'), CRASHER);
    registerNativeHostChromium(profileDir, { name: NATIVE_HOST_NAME, path: script, allowed_origins: [CHROME_ORIGIN] });
    await open();
    const rows = await runProbe(page, 30_000);
    expect(await page.getByTestId('m2k-probe-error').getAttribute('data-reason')).toBe('crash');
    expect(Object.values(rows).every((st) => st === 'fail')).toBe(true);
    await runProbe(page, 30_000);
    expect(await page.getByTestId('m2k-probe-error').count()).toBe(0);
    expect(await page.getByTestId('m2k-verdict').isVisible()).toBe(true);
  });
});
