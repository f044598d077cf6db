// How the popup ends a run when the helper cannot serve it: a mail host the real helper refuses, a
// manifest that does not name this extension, and a helper that dies mid-run (then the next run
// starts it again). Never an endless spinner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, registerNativeHostChromium, tempDir, type ChromiumSession } from '../support/browsers';
import { fakeHostScript, writeFakeHost } from '../support/native-host/fake-host';
import { CHROME_ORIGIN, NATIVE_HOST_NAME } from '@/contract/ids';
import { installHelper, runProbe, setProfile } from '../support/browsers/companion';

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

/**
 * A slow helper: counts its starts in M2K_STARTS_FILE, answers hello at once and the probe's
 * summary only after two seconds, so a second run can be tried while the first is going on.
 */
const SLOW = fakeHostScript({
  setup: `fs.appendFileSync(process.env.M2K_STARTS_FILE, 'x');`,
  onMessage: `    if (msg.type === 'hello') send({ type: 'hello', version: 1, helperVersion: 'slow', allow: [] });
    else setTimeout(() => send({ type: 'summary', id: msg.id, host: msg.host, ms: 2000, ok: true }), 2000);`,
});

beforeAll(async () => {
  home = tempDir('home-');
  profileDir = tempDir('chromium-nm-');
  installHelper(home, profileDir, '127.0.0.1');
  s = await launchChromium({
    userDataDir: profileDir,
    lang: 'en',
    env: { HOME: home, M2K_CRASH_MARKER: join(home, 'crashed-once'), M2K_STARTS_FILE: join(home, 'starts') },
  });
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
    await missing.and(page.locator('[data-system][data-install]')).waitFor();
    // Loaded unpacked (a checkout): the checkout's program; a store install names the download (install-states.test.ts).
    expect(await page.getByTestId('m2k-install-command').textContent()).toBe(
      'node dist/helper/m2k-probe.cjs install --browser chromium --allow 127.0.0.2',
    );
  });

  it('a host manifest that does not name this extension: the missing state, "forbidden"', async () => {
    registerNativeHostChromium(profileDir, {
      name: NATIVE_HOST_NAME,
      path: '/bin/false',
      allowed_origins: ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/'],
    });
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

  it('a second run while one is going on in another tab is answered busy, without starting a second helper', async () => {
    const script = writeFakeHost(join(home, 'slow.cjs'), SLOW);
    registerNativeHostChromium(profileDir, { name: NATIVE_HOST_NAME, path: script, allowed_origins: [CHROME_ORIGIN] });
    const starts = () => {
      try {
        return readFileSync(join(home, 'starts'), 'utf8').length;
      } catch {
        return 0;
      }
    };
    await open();
    const other = await s.context.newPage();
    await other.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await other.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])');
    await page.getByTestId('m2k-probe-run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="m2k-probe-run"]')?.hasAttribute('disabled'));
    // The first run has started its helper before the second is tried.
    for (let i = 0; i < 50 && starts() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await runProbe(other, 30_000);
    expect(await other.getByTestId('m2k-probe-error').getAttribute('data-reason')).toBe('busy');
    expect(await other.getByTestId('m2k-probe-error').textContent()).toMatch(/Another check is running/);
    // The first run ends normally; only one helper was started.
    await page.getByTestId('m2k-verdict').waitFor({ timeout: 30_000 });
    await page.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])', { timeout: 30_000 });
    expect(starts()).toBe(1);
    // Once it is over, the other tab's run goes through.
    await runProbe(other, 30_000);
    expect(await other.getByTestId('m2k-probe-error').count()).toBe(0);
    expect(starts()).toBe(2);
    await other.close();
  });
});
