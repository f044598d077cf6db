/**
 * Where the companion program lives once installed, and where each browser looks for native
 * messaging host manifests. Pure functions of (platform, home, env) so tests can point them at a
 * temporary HOME and check the Windows and macOS layouts on Linux.
 */
import path from 'node:path';
import { homedir } from 'node:os';
import { NATIVE_HOST_NAME } from '@/contract/ids';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];
export type Platform = 'linux' | 'darwin' | 'win32';

export interface Base {
  platform: Platform;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** The running machine, with HOME / LOCALAPPDATA taken from the environment (tests override them). */
export function currentBase(env: Readonly<Record<string, string | undefined>> = process.env): Base {
  const platform: Platform = process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
  const home = (platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir();
  return { platform, home, env };
}

export function pathFor(b: Base): path.PlatformPath {
  return b.platform === 'win32' ? path.win32 : path.posix;
}

/** The folder that holds the program (or the launcher and the copied bundle), config.json and the install record. */
export function installDir(b: Base): string {
  const p = pathFor(b);
  switch (b.platform) {
    case 'win32':
      return p.join(b.env.LOCALAPPDATA || p.join(b.home, 'AppData', 'Local'), 'm2k-probe');
    case 'darwin':
      return p.join(b.home, 'Library', 'Application Support', 'm2k-probe');
    default:
      return p.join(b.env.XDG_DATA_HOME || p.join(b.home, '.local', 'share'), 'm2k-probe');
  }
}

/** The host's config (allow-list, development ids). The launcher passes it in M2K_PROBE_CONFIG. */
export function configPath(b: Base): string {
  return pathFor(b).join(installDir(b), 'config.json');
}

export function recordPath(b: Base): string {
  return pathFor(b).join(installDir(b), 'installed.json');
}

export function launcherPath(b: Base): string {
  return pathFor(b).join(installDir(b), b.platform === 'win32' ? 'm2k-probe-host.cmd' : 'm2k-probe-host');
}

export function bundleCopyPath(b: Base): string {
  return pathFor(b).join(installDir(b), 'm2k-probe.cjs');
}

/** The standalone program's copy; the manifests point at it. */
export function executableCopyPath(b: Base): string {
  return pathFor(b).join(installDir(b), b.platform === 'win32' ? 'm2k-probe.exe' : 'm2k-probe');
}

export const MANIFEST_FILE = `${NATIVE_HOST_NAME}.json`;

/**
 * Left beside the program by the Windows installer package (msi.ts): the program was installed that
 * way, and reads its config.json from its own folder.
 */
export const MSI_MARKER = 'installed-by-msi.json';

/** Per-user profile folder of each browser (its NativeMessagingHosts folder sits inside, except Firefox). */
export function browserProfileRoot(b: Base, browser: Browser): string {
  const p = pathFor(b);
  if (b.platform === 'darwin') {
    const as = p.join(b.home, 'Library', 'Application Support');
    return {
      chrome: p.join(as, 'Google', 'Chrome'),
      chromium: p.join(as, 'Chromium'),
      edge: p.join(as, 'Microsoft Edge'),
      brave: p.join(as, 'BraveSoftware', 'Brave-Browser'),
      firefox: p.join(as, 'Mozilla'),
    }[browser];
  }
  if (b.platform === 'win32') {
    const local = b.env.LOCALAPPDATA || p.join(b.home, 'AppData', 'Local');
    const roaming = b.env.APPDATA || p.join(b.home, 'AppData', 'Roaming');
    return {
      chrome: p.join(local, 'Google', 'Chrome', 'User Data'),
      chromium: p.join(local, 'Chromium', 'User Data'),
      edge: p.join(local, 'Microsoft', 'Edge', 'User Data'),
      brave: p.join(local, 'BraveSoftware', 'Brave-Browser', 'User Data'),
      firefox: p.join(roaming, 'Mozilla', 'Firefox'),
    }[browser];
  }
  const config = b.env.XDG_CONFIG_HOME || p.join(b.home, '.config');
  return {
    chrome: p.join(config, 'google-chrome'),
    chromium: p.join(config, 'chromium'),
    edge: p.join(config, 'microsoft-edge'),
    brave: p.join(config, 'BraveSoftware', 'Brave-Browser'),
    firefox: p.join(b.home, '.mozilla'),
  }[browser];
}

/**
 * Folder the browser reads host manifests from (Linux and macOS). On Windows the browser reads
 * the registry instead, and the manifests live in the install folder (see windows.ts).
 */
export function manifestDir(b: Base, browser: Browser): string {
  const p = pathFor(b);
  if (b.platform === 'win32') return p.join(installDir(b), 'manifests', browser);
  if (browser === 'firefox') {
    return b.platform === 'darwin'
      ? p.join(b.home, 'Library', 'Application Support', 'Mozilla', 'NativeMessagingHosts')
      : p.join(b.home, '.mozilla', 'native-messaging-hosts');
  }
  return p.join(browserProfileRoot(b, browser), 'NativeMessagingHosts');
}

/** Chromium with --user-data-dir reads only this folder, not the per-user default. */
export function userDataManifestDir(b: Base, userDataDir: string): string {
  return pathFor(b).join(userDataDir, 'NativeMessagingHosts');
}

/** HKCU keys each browser reads on Windows; the default value is the manifest's path. */
export function windowsRegistryKey(browser: Browser): string {
  const vendor = {
    chrome: 'Google\\Chrome',
    chromium: 'Chromium',
    edge: 'Microsoft\\Edge',
    brave: 'BraveSoftware\\Brave-Browser',
    firefox: 'Mozilla',
  }[browser];
  return `HKCU\\Software\\${vendor}\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`;
}
