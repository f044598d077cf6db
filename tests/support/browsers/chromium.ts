/**
 * Debian's Chromium with the built extension loaded, driven by playwright-core.
 * The flags matter: without the background-networking ones Chromium keeps
 * trying to reach the network, and both extension flags are needed because Playwright adds
 * --disable-extensions otherwise.
 */
import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromeExtDir, TMP_ROOT } from './paths';

export const CHROMIUM_PATH = process.env.M2K_CHROMIUM ?? '/usr/bin/chromium';

const LOCALES_DIR = '/usr/lib/chromium/locales';

export interface LaunchChromiumOptions {
  /** Unpacked extension folder; default `${M2K_OUT ?? '.output'}/chrome-mv3`. */
  extDir?: string;
  /** Profile folder; default a fresh temp folder that close() removes. Pass one to keep it (e.g. after registering a native host). */
  userDataDir?: string;
  /** UI language, which is also the language chrome.i18n picks for the extension. Default 'en'. */
  lang?: 'en' | 'zh-TW';
  /** Extra environment for the browser (inherited by native messaging hosts it starts). */
  env?: Record<string, string>;
  /** Extra Chromium flags. */
  args?: string[];
  /** Another program that starts Chromium (e.g. policy-root.ts's wrapper); default CHROMIUM_PATH. */
  executablePath?: string;
}

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  close(): Promise<void>;
}

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

export const tempDir = (prefix: string): string => {
  mkdirSync(TMP_ROOT, { recursive: true });
  return mkdtempSync(join(TMP_ROOT, prefix));
};

export async function launchChromium(opts: LaunchChromiumOptions = {}): Promise<ChromiumSession> {
  const extDir = resolve(opts.extDir ?? chromeExtDir());
  if (!existsSync(join(extDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extDir}: run \`M2K_OUT=${process.env.M2K_OUT ?? '.output'} npx wxt build\` first`);
  }
  const ownsProfile = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? tempDir('chromium-');
  const lang = opts.lang ?? 'en';
  // Without Debian's chromium-l10n only en-US.pak exists and Chromium silently falls back to English.
  if (lang !== 'en' && existsSync(LOCALES_DIR) && !existsSync(join(LOCALES_DIR, `${lang}.pak`))) {
    throw new Error(`Chromium has no ${lang} UI locale: install the Debian package chromium-l10n`);
  }
  // On Linux Chromium takes its UI locale from LANGUAGE/LC_ALL/LANG; --lang alone is not enough.
  const posixLang = lang === 'zh-TW' ? 'zh_TW' : 'en_US';
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    LANGUAGE: posixLang,
    LC_ALL: `${posixLang}.UTF-8`,
    LANG: `${posixLang}.UTF-8`,
    ...opts.env,
  };
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: opts.executablePath ?? CHROMIUM_PATH,
    headless: true,
    locale: lang,
    env,
    args: [...BASE_ARGS, `--lang=${lang}`, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, ...(opts.args ?? [])],
    timeout: 60_000,
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
    const extensionId = new URL(worker.url()).host;
    return {
      context,
      extensionId,
      userDataDir,
      close: async () => {
        await context.close().catch(() => undefined);
        if (ownsProfile) rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context.close().catch(() => undefined);
    if (ownsProfile) rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Registers a native messaging host for a Chromium profile. With --user-data-dir Chromium reads
 * `<userDataDir>/NativeMessagingHosts/NAME.json` only (not ~/.config/chromium). Call before launching.
 */
export function registerNativeHostChromium(userDataDir: string, manifest: { name: string; path: string; [k: string]: unknown }): string {
  const dir = join(userDataDir, 'NativeMessagingHosts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${manifest.name}.json`);
  writeFileSync(file, JSON.stringify({ type: 'stdio', description: 'test host', ...manifest }, null, 2));
  return file;
}
