/**
 * Debian's firefox-esr with the built extension installed as a temporary add-on, driven by
 * puppeteer-core over WebDriver BiDi (Playwright cannot drive this Firefox). Optional fake Gmail
 * (see fake-gmail-server.ts) and a temporary HOME for $HOME/.mozilla/native-messaging-hosts.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { firefoxExtDir } from './paths';
import { tempDir } from './chromium';
import { startFakeGmailServer, type FakeGmailServer } from './fake-gmail-server';
import type { FakeRoutes } from './fake-gmail';

export const FIREFOX_PATH = process.env.M2K_FIREFOX ?? '/usr/bin/firefox-esr';

export interface LaunchFirefoxOptions {
  /** Unpacked extension folder; default `${M2K_OUT ?? '.output'}/firefox-mv3`. `null` launches without it. */
  extDir?: string | null;
  /** Extra environment for Firefox (inherited by native messaging hosts it starts). */
  env?: Record<string, string>;
  /** Extra about:config prefs. */
  prefs?: Record<string, string | number | boolean>;
  /** Serve these routes as https://mail.google.com/... */
  routes?: FakeRoutes;
  /** Serve other https sites too (host → routes), through the same server and proxy (needs `routes`). */
  sites?: Record<string, FakeRoutes>;
  /** true: a fresh temporary HOME (removed on close); a string: that folder as HOME. */
  home?: boolean | string;
  /** Extra Firefox arguments, e.g. `['--profile', dir]` to run on a profile folder the test prepared (and owns). */
  args?: string[];
  /** Another program that starts Firefox (e.g. policy-root.ts's wrapper); default FIREFOX_PATH. */
  executablePath?: string;
}

export interface FirefoxSession {
  browser: Browser;
  /** Add-on id from installExtension (the manifest's gecko id). */
  addonId: string | undefined;
  /** HOME the browser runs with, when one was asked for. */
  home: string | undefined;
  /** Present when routes were given. */
  gmail: FakeGmailServer | undefined;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(opts: LaunchFirefoxOptions = {}): Promise<FirefoxSession> {
  const extDir = opts.extDir === null ? null : resolve(opts.extDir ?? firefoxExtDir());
  if (extDir && !existsSync(join(extDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extDir}: run \`M2K_OUT=${process.env.M2K_OUT ?? '.output'} npx wxt build -b firefox\` first`);
  }
  const ownsHome = opts.home === true;
  const home = opts.home === true ? tempDir('ffhome-') : opts.home || undefined;
  const gmail = opts.routes ? await startFakeGmailServer(opts.routes, opts.sites) : undefined;
  const cleanup = async () => {
    await gmail?.close();
    if (ownsHome && home) rmSync(home, { recursive: true, force: true });
  };
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: opts.executablePath ?? FIREFOX_PATH,
      headless: true,
      acceptInsecureCerts: true,
      protocolTimeout: 60_000,
      ...(opts.args ? { args: opts.args } : {}),
      timeout: 60_000,
      env: { ...(process.env as Record<string, string>), ...(home ? { HOME: home } : {}), ...opts.env },
      extraPrefsFirefox: {
        // Keep Firefox off the network: no updates, telemetry, safe-browsing lists or captive-portal checks.
        'app.update.enabled': false,
        'browser.safebrowsing.update.enabled': false,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        'extensions.update.enabled': false,
        'toolkit.telemetry.enabled': false,
        ...gmail?.prefs,
        ...opts.prefs,
      },
    });
    const addonId = extDir ? await browser.installExtension(extDir) : undefined;
    const b = browser;
    return {
      browser: b,
      addonId,
      home,
      gmail,
      newPage: () => b.newPage(),
      close: async () => {
        await b.close().catch(() => undefined);
        await cleanup();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await cleanup();
    throw e;
  }
}

/** Firefox reads host manifests from $HOME/.mozilla/native-messaging-hosts/NAME.json. */
export function registerNativeHostFirefox(home: string, manifest: { name: string; path: string; [k: string]: unknown }): string {
  const dir = join(home, '.mozilla', 'native-messaging-hosts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${manifest.name}.json`);
  writeFileSync(file, JSON.stringify({ type: 'stdio', description: 'test host', ...manifest }, null, 2));
  return file;
}
