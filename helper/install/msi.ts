/**
 * The Windows installer package (MSI) as data: what it puts where, written from the same code the
 * program's own `install` uses (hostManifest, windowsRegistryKey), so both register the host the
 * same way. scripts/build-msi.mjs turns this layout into the package; the program reads the marker
 * the package leaves next to it to know it was installed that way (status, a double-click, the
 * config file it reads).
 *
 * Layout, in one folder (`%LOCALAPPDATA%\Programs\Mail2000 Gmail Bridge` per user,
 * `%ProgramFiles%\Mail2000 Gmail Bridge` per machine):
 * - m2k-probe.exe, the program;
 * - tw.m2k.probe.<browser>.json, the host manifest of each browser, whose `path` names the program
 *   relative to the manifest's own folder (Chrome and Firefox resolve a relative path there on
 *   Windows), so one package serves any folder;
 * - installed-by-msi.json, the marker;
 * - config.json only if IT or the person adds one (the allow-list); uninstall removes it too.
 * Registry: each browser's NativeMessagingHosts key, under HKCU per user or HKLM per machine, whose
 * default value is the manifest's path. Windows Installer removes exactly these at uninstall.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { NATIVE_HOST_NAME } from '@/contract/ids';
import { MSI_FOLDER, type MsiScope } from '@/contract/release';
import { hostManifest } from './manifest';
import { BROWSERS, MSI_MARKER, pathFor, windowsRegistryKey, type Base, type Browser } from './paths';
import { parseRegQuery, regQueryArgs } from './windows';

export { MSI_MARKER };
export const MSI_PROGRAM = 'm2k-probe.exe';
export const MSI_CONFIG = 'config.json';

export const msiManifestFile = (browser: Browser): string => `${NATIVE_HOST_NAME}.${browser}.json`;

export const MsiMarkerSchema = z.object({
  by: z.literal('msi'),
  scope: z.enum(['user', 'machine']),
  version: z.string().check(z.maxLength(40)),
});
export type MsiMarker = z.infer<typeof MsiMarkerSchema>;

export interface MsiLayout {
  /** Files beside the program, by name, with their contents. */
  files: { name: string; content: string }[];
  /** Registry keys (without the hive) whose default value is `[INSTALLDIR]` + the manifest's file name. */
  registry: { hive: 'HKCU' | 'HKLM'; key: string; browser: Browser; file: string }[];
}

/** Pure: what the package for `scope` holds besides the program itself. */
export function msiLayout(scope: MsiScope, version: string): MsiLayout {
  const hive = scope === 'user' ? 'HKCU' : 'HKLM';
  const marker: MsiMarker = { by: 'msi', scope, version };
  return {
    files: [
      ...BROWSERS.map((b) => ({ name: msiManifestFile(b), content: JSON.stringify(hostManifest(b, MSI_PROGRAM), null, 2) + '\n' })),
      { name: MSI_MARKER, content: JSON.stringify(marker, null, 2) + '\n' },
    ],
    registry: BROWSERS.map((b) => ({ hive, key: windowsRegistryKey(b).replace(/^HKCU\\/, ''), browser: b, file: msiManifestFile(b) })),
  };
}

/** The marker in `dir` (the program's own folder), or undefined when the program was not installed by a package. */
export function readMsiMarker(base: Base, dir: string): MsiMarker | undefined {
  try {
    const r = MsiMarkerSchema.safeParse(JSON.parse(readFileSync(pathFor(base).join(dir, MSI_MARKER), 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** The registry key a package writes for `browser`: HKCU per user, HKLM per machine. */
export const packageRegistryKey = (scope: MsiScope, browser: Browser): string =>
  windowsRegistryKey(browser).replace(/^HKCU\\/, scope === 'user' ? 'HKCU\\' : 'HKLM\\');

/** Where each package installs, on this computer (for status: a program run from elsewhere still finds them). */
export function msiDirs(base: Base): Record<MsiScope, string> {
  const p = pathFor(base);
  const local = base.env.LOCALAPPDATA || p.join(base.home, 'AppData', 'Local');
  const programFiles = base.env.ProgramW6432 || base.env.ProgramFiles || 'C:\\Program Files';
  return { user: p.join(local, 'Programs', MSI_FOLDER), machine: p.join(programFiles, MSI_FOLDER) };
}

export interface PackageInstall {
  scope: MsiScope;
  dir: string;
  version: string;
  /** Each browser's manifest beside the program. */
  manifests: { browser: Browser; path: string; present: boolean }[];
  /**
   * Each browser's registry key as Windows has it now (read only where `reg` runs): `ours` when it
   * names this install's manifest; another install (the program's own `install`) may have taken it.
   */
  keys: { browser: Browser; key: string; value?: string; ours: boolean }[];
}

/**
 * The packages installed on this computer: the per-user and per-machine folders, and the folder of
 * the program running (`self`), wherever its marker is. `runReg` runs `reg` and returns its output
 * (Windows only; a key that is absent makes it throw).
 */
export function packageInstalls(base: Base, opts: { self?: string; runReg?: (args: string[]) => string | void } = {}): PackageInstall[] {
  const p = pathFor(base);
  const dirs = [...Object.values(msiDirs(base)), ...(opts.self ? [p.dirname(opts.self)] : [])];
  const seen = new Set<string>();
  const out: PackageInstall[] = [];
  for (const dir of dirs) {
    if (seen.has(dir.toLowerCase())) continue;
    seen.add(dir.toLowerCase());
    const marker = readMsiMarker(base, dir);
    if (!marker) continue;
    const manifests = BROWSERS.map((b) => ({
      browser: b,
      path: p.join(dir, msiManifestFile(b)),
      present: existsSync(p.join(dir, msiManifestFile(b))),
    }));
    const keys: PackageInstall['keys'] = [];
    if (opts.runReg) {
      for (const b of BROWSERS) {
        const key = packageRegistryKey(marker.scope, b);
        let value: string | undefined;
        try {
          value = parseRegQuery(opts.runReg(regQueryArgs(key)) || '');
        } catch {
          value = undefined;
        }
        keys.push({ browser: b, key, value, ours: !!value && value.toLowerCase() === p.join(dir, msiManifestFile(b)).toLowerCase() });
      }
    }
    out.push({ scope: marker.scope, dir, version: marker.version, manifests, keys });
  }
  return out;
}
