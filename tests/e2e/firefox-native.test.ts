// Firefox ESR: the background talks to the REAL companion program under a temporary HOME
// ($HOME/.mozilla/native-messaging-hosts), and gets probe results from real Dovecot + Postfix on
// loopback. Twice: registered by the bundle's `install --browser firefox` under Node, and by the
// Linux executable's own no-argument run (a double-click; the manifest names its installed copy).
//
// How the run is started: the driver cannot open moz-extension:// pages, so the test goes through
// what ships. On Gmail's Accounts and Import page (fixture) the panel offers "Check the mail server
// connection from this computer"; it asks the background (message `probe:open`) to open the
// connection check in a tab (a later press focuses that tab again). A tab the add-on opened itself
// is reachable by the driver, so the test presses the same run button a person would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXE, ensureExecutables } from '../support/native-host/client';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from '../support/browsers';
import { pressPanelButton } from '../support/browsers/firefox-panel';
import { sharedMailStack } from '../support/mail-servers/shared';
import { waitFor } from '../support/poll';
import { readFixture } from '../support/gmail/fixtures';
import { defaultProfile } from '@/utils/profile/schema';
import { toStored } from '@/utils/profile/store';
import { allowSpec, helperCli } from '../support/browsers/companion';

const SETTINGS = readFixture('settings-available-en.html');
const stack = sharedMailStack();
let ff: FirefoxSession;

/** Presses the panel's button and returns the connection-check tab the add-on opened. */
const openCheckFromPanel = async (gmail: Page): Promise<Page> => {
  const before = new Set(await ff.browser.pages());
  await pressPanelButton(gmail, 'm2k-panel-probe');
  return waitFor(
    'the connection check tab',
    async () => {
      for (const p of await ff.browser.pages()) {
        if (before.has(p)) continue;
        if (await p.evaluate(() => !!document.querySelector('[data-testid="m2k-probe-run"]'))) return p;
      }
      return undefined;
    },
    (p) => p !== undefined,
    30_000,
  ) as Promise<Page>;
};

describe.each(['bundle', 'executable'] as const)('installed as the %s', (variant) => {
  beforeAll(async () => {
    if (variant === 'executable') ensureExecutables();
    ff = await launchFirefox({ routes: { '/mail/*': SETTINGS }, home: true, env: { NODE_EXTRA_CA_CERTS: stack.certs.caCert } });
    const allow = allowSpec('127.0.0.1', Object.values(stack.ports));
    if (variant === 'bundle') helperCli(ff.home!, ['install', '--browser', 'firefox', '--allow', allow]);
    else {
      // Firefox has run for this person (its per-user folder exists): the no-argument run finds it.
      mkdirSync(join(ff.home!, '.mozilla'), { recursive: true });
      const env = { PATH: '/usr/bin:/bin', HOME: ff.home!, LANG: 'en_US.UTF-8' };
      const said = execFileSync(EXE['linux-x64'], [], { env, encoding: 'utf8', timeout: 30_000 });
      expect(said).toContain('Firefox');
      const installed = join(ff.home!, '.local/share/m2k-probe/m2k-probe');
      expect(JSON.parse(readFileSync(join(ff.home!, '.mozilla/native-messaging-hosts/tw.m2k.probe.json'), 'utf8')).path).toBe(installed);
      execFileSync(installed, ['install', '--allow', allow], { env, encoding: 'utf8', timeout: 30_000 });
    }
  }, 180_000);
  afterAll(async () => {
    await ff?.close();
  });

  describe('Firefox: background and the native host', () => {
    it('the panel opens the connection check, and the probe streams results from the real helper', async () => {
      const gmail = await ff.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/#settings/accounts');
      const first = await openCheckFromPanel(gmail);
      // Point the profile at the local servers the way the options page stores it.
      const stored = toStored({ ...defaultProfile(), address: 'alice@mail.au.edu.tw', host: '127.0.0.1', ports: stack.ports });
      await first.evaluate(
        (v) =>
          (globalThis as unknown as { browser: { storage: { sync: { set(x: object): Promise<void> } } } }).browser.storage.sync.set({
            profile: v,
          }),
        stored as unknown as Record<string, unknown>,
      );
      // A second press focuses the tab already open instead of opening another.
      const checkTabs = async () => {
        let n = 0;
        for (const p of await ff.browser.pages())
          if (await p.evaluate(() => !!document.querySelector('[data-testid="m2k-probe-run"]')).catch(() => false)) n++;
        return n;
      };
      await gmail.bringToFront();
      await waitFor(
        'Gmail in front',
        () => first.evaluate(() => document.visibilityState),
        (v) => v === 'hidden',
        10_000,
      );
      await pressPanelButton(gmail, 'm2k-panel-probe');
      await waitFor(
        'the check tab focused',
        () => first.evaluate(() => document.visibilityState),
        (v) => v === 'visible',
        10_000,
      );
      expect(await checkTabs()).toBe(1);
      const check = first;
      // The popup reads the profile once, when it opens.
      await check.evaluate(() => void setTimeout(() => location.reload(), 0));
      await waitFor(
        'the profile host',
        () => check.evaluate(() => document.querySelector('.m2k-host')?.textContent ?? ''),
        (t) => t.includes('127.0.0.1'),
        30_000,
      );
      await (await check.waitForSelector('[data-testid="m2k-probe-run"]'))!.click();
      const statuses = await waitFor(
        'all rows final',
        () =>
          check.evaluate(() =>
            Object.fromEntries(
              [...document.querySelectorAll('[data-testid="m2k-port-row"]')].map((r) => [
                r.getAttribute('data-service'),
                r.getAttribute('data-status'),
              ]),
            ),
          ),
        (s) => Object.keys(s).length === 7 && Object.values(s).every((v) => v !== 'running'),
        60_000,
      );
      expect(statuses).toEqual({ pop3: 'ok', pop3s: 'ok', imap: 'ok', imaps: 'ok', smtp: 'ok', smtps: 'ok', submission: 'ok' });
      expect(await check.evaluate(() => document.querySelector('[data-testid="m2k-verdict"]')?.textContent)).toBe(
        `Gmail can fetch your mail on ${stack.ports.pop3s} with SSL.`,
      );
      expect(await check.evaluate(() => document.querySelector('[data-testid="m2k-helper-missing"]'))).toBeNull();
    });
  });
});
