/**
 * The real companion program for browser tests and the popup benchmark: installed for a test
 * profile through its own `install` command (as a person would), allowed to reach the test mail
 * servers on loopback, and the extension's profile pointed at them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './paths';
import { toStored } from '@/utils/profile/store';
import { defaultProfile, type Profile } from '@/utils/profile/schema';

/** The bundled companion program; CI builds it with `npm run build:helper`, a parallel worktree may point elsewhere. */
export const helperBundle = (): string => {
  const p = process.env.M2K_HELPER ?? join(REPO_ROOT, 'dist/helper/m2k-probe.cjs');
  if (!existsSync(p)) throw new Error(`No helper bundle at ${p}: run \`npm run build:helper\` first`);
  return p;
};

/** Runs the helper's CLI with HOME (and XDG dirs) inside `home`, so everything it writes stays there. */
export const helperCli = (home: string, args: string[]): string =>
  execFileSync(process.execPath, [helperBundle(), ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'en_US.UTF-8' },
    encoding: 'utf8',
    timeout: 30_000,
  });

export const installHelper = (home: string, userDataDir: string, allow: string): string =>
  helperCli(home, ['install', '--browser', 'chromium', '--user-data-dir', userDataDir, '--allow', allow]);

/** Removes exactly what install wrote (the helper keeps a record of it under HOME). */
export const uninstallHelper = (home: string): string => helperCli(home, ['uninstall']);

export const allowSpec = (host: string, ports: number[]) => `${host}:${[...new Set(ports)].sort((a, b) => a - b).join('+')}`;

/** Writes the profile the way the options page stores it (storage.sync, versioned envelope). */
export const setProfile = async (page: Page, patch: Partial<Profile>): Promise<void> => {
  const stored = toStored({ ...defaultProfile(), ...patch });
  await page.evaluate(
    (v) =>
      (globalThis as unknown as { chrome: { storage: { sync: { set(x: object): Promise<void> } } } }).chrome.storage.sync.set({
        profile: v,
      }),
    stored as unknown as Record<string, unknown>,
  );
};

/**
 * Waits until the popup's run is over: the run button is enabled again only once the run's final
 * message arrived, and the background frees its one run slot before sending that message. The rows
 * alone are not enough: they are final before the summary, which waits for the history write, and a
 * next run started in that gap is refused as busy.
 */
export const waitIdle = async (page: Page, timeout = 60_000): Promise<void> => {
  await page.waitForFunction(
    () => {
      const run = document.querySelector<HTMLButtonElement>('[data-testid="m2k-probe-run"]');
      const stopped = document.querySelector('[data-testid="m2k-helper-missing"], [data-testid="m2k-probe-error"]');
      return stopped !== null || (run !== null && !run.disabled);
    },
    undefined,
    { timeout, polling: 20 },
  );
};

/** Presses the run button and waits until the run is over; returns the statuses by service. */
export const runProbe = async (page: Page, timeout = 60_000): Promise<Record<string, string>> => {
  await page.getByTestId('m2k-probe-run').click();
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('[data-testid="m2k-port-row"]')];
      const missing = document.querySelector('[data-testid="m2k-helper-missing"], [data-testid="m2k-probe-error"]');
      return missing || (rows.length > 0 && rows.every((r) => r.getAttribute('data-status') !== 'running'));
    },
    undefined,
    { timeout, polling: 20 },
  );
  await waitIdle(page, timeout);
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="m2k-port-row"]')].map((r) => [
        r.getAttribute('data-service'),
        r.getAttribute('data-status'),
      ]),
    ),
  );
};
