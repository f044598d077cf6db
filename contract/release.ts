/**
 * Where people get the companion program, and which file is theirs. zod-free: the popup's first
 * frame and the build config (wxt.config.ts) both use it.
 */

export type HelperTarget = 'windows-x64' | 'darwin-arm64' | 'darwin-x64' | 'linux-x64';
export type HelperSystem = 'windows' | 'macos' | 'linux';

/** The program of each target (scripts/build-exe.mjs writes these names): what runs, and what a command names. */
export const HELPER_PROGRAMS: Record<HelperTarget, string> = {
  'windows-x64': 'm2k-probe-windows-x64.exe',
  'darwin-arm64': 'm2k-probe-darwin-arm64',
  'darwin-x64': 'm2k-probe-darwin-x64',
  'linux-x64': 'm2k-probe-linux-x64',
};

/**
 * What a person downloads for each target (scripts/release.mjs makes these): the per-user installer
 * package on Windows, a zip that keeps the program's executable bit on macOS (a bare download loses
 * it), the program itself on Linux.
 */
export const HELPER_DOWNLOADS: Record<HelperTarget, string> = {
  'windows-x64': 'm2k-probe-windows-x64.msi',
  'darwin-arm64': 'm2k-probe-darwin-arm64.zip',
  'darwin-x64': 'm2k-probe-darwin-x64.zip',
  'linux-x64': 'm2k-probe-linux-x64',
};

/**
 * The Windows installer packages: `user` installs for the person who opens it, with no administrator
 * prompt; `machine` installs for every account, for IT (msiexec /i … /qn).
 */
export type MsiScope = 'user' | 'machine';
export const MSI_FILES: Record<MsiScope, string> = {
  user: HELPER_DOWNLOADS['windows-x64'],
  machine: 'm2k-probe-windows-x64-machine.msi',
};

/**
 * Each package's UpgradeCode: the identity Windows Installer uses to find an older version and
 * replace it (a major upgrade). Never change them: a new code would install beside the old one.
 * Two codes, because a per-user and a per-machine install are separate lines of upgrades.
 */
export const MSI_UPGRADE_CODES: Record<MsiScope, string> = {
  user: 'CF4CC14F-44EF-4422-8C42-16A65FABFCA8',
  machine: '6447AC56-DEB6-4B57-8D0F-2C59C8AB18F6',
};

/** How the program appears in Settings › Apps, and the folder it is installed in (under Programs or Program Files). */
export const MSI_PRODUCT_NAME = 'Mail2000 Gmail Bridge helper';
export const MSI_FOLDER = 'Mail2000 Gmail Bridge';
export const MSI_PUBLISHER = 'Mail2000 Gmail Bridge project';

/**
 * The release page from package.json's `repository` (a string or `{ url }`, git+https or plain):
 * `https://github.com/OWNER/NAME/releases/latest` for GitHub, the repository page otherwise.
 */
export function releasePageUrl(repository: string | { url?: string } | undefined): string {
  const raw = (typeof repository === 'string' ? repository : repository?.url) ?? '';
  const url = raw
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/^github:/, 'https://github.com/');
  if (!/^https:\/\//.test(url)) throw new Error(`package.json repository is not an https URL: ${raw}`);
  return /^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(url) ? `${url}/releases/latest` : url;
}

/** The privacy policy as published with the sources (docs/privacy.md on the default branch). */
export function privacyPolicyUrl(repository: string | { url?: string } | undefined): string {
  const page = releasePageUrl(repository).replace(/\/releases\/latest$/, '');
  return /^https:\/\/github\.com\//.test(page) ? `${page}/blob/main/docs/privacy.md` : `${page}/docs/privacy.md`;
}

/**
 * The files for this browser's system, from `runtime.getPlatformInfo()` (`os`: win, mac, linux,
 * cros, …; `arch`: x86-64, arm64 / aarch64, …). A Mac of unknown CPU gets both files to choose
 * from; Windows on ARM runs the x64 program.
 */
export function helperFilesFor(info: { os: string; arch: string }): { system: HelperSystem; targets: HelperTarget[] } {
  if (info.os === 'win') return { system: 'windows', targets: ['windows-x64'] };
  if (info.os === 'mac') {
    if (info.arch === 'arm64' || info.arch === 'aarch64' || info.arch === 'arm') return { system: 'macos', targets: ['darwin-arm64'] };
    if (info.arch === 'x86-64') return { system: 'macos', targets: ['darwin-x64'] };
    return { system: 'macos', targets: ['darwin-arm64', 'darwin-x64'] };
  }
  return { system: 'linux', targets: ['linux-x64'] };
}

/** True when `version` (x.y.z) is older than `min`; a version that is not x.y.z (a development build) is not. */
export function helperTooOld(version: string, min: string): boolean {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number);
  const a = parse(version);
  const b = parse(min);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
