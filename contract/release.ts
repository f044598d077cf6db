/**
 * Where people get the companion program, and which file is theirs. zod-free: the popup's first
 * frame and the build config (wxt.config.ts) both use it.
 */

export type HelperTarget = 'windows-x64' | 'darwin-arm64' | 'darwin-x64' | 'linux-x64';
export type HelperSystem = 'windows' | 'macos' | 'linux';

/** The release file of each target (scripts/build-exe.mjs writes these names). */
export const HELPER_FILES: Record<HelperTarget, string> = {
  'windows-x64': 'm2k-probe-windows-x64.exe',
  'darwin-arm64': 'm2k-probe-darwin-arm64',
  'darwin-x64': 'm2k-probe-darwin-x64',
  'linux-x64': 'm2k-probe-linux-x64',
};

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
