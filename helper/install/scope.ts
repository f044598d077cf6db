/**
 * What uninstall may touch, decided from the layout and never from the install record alone: the
 * record is a file any program of the person can rewrite, and uninstall deletes what it names.
 * - files: our own names in the install folder, or our host manifest in a browser's manifest
 *   folder (a custom Chromium profile's `NativeMessagingHosts` included);
 * - folders (removed only when empty): the install folder and below, the manifest folders, the
 *   folders above them that install may have created inside the home folder, and a custom
 *   profile's manifest folder and the profile folder holding it;
 * - registry keys: our host name's key of each browser.
 */
import {
  BROWSERS,
  MANIFEST_FILE,
  bundleCopyPath,
  configPath,
  executableCopyPath,
  installDir,
  launcherPath,
  manifestDir,
  pathFor,
  windowsRegistryKey,
  type Base,
} from './paths';
import type { InstallRecord, RecordFile } from './record';

function samePath(base: Base, a: string, b: string): boolean {
  // Windows and (by default) macOS file names ignore case.
  return base.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** Absolute and already normal: no `..`, no doubled separators a comparison could be fooled by. */
function clean(base: Base, path: string): boolean {
  const p = pathFor(base);
  return p.isAbsolute(path) && p.normalize(path) === path && !path.endsWith(p.sep);
}

function isInside(base: Base, child: string, parent: string): boolean {
  const rel = pathFor(base).relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !pathFor(base).isAbsolute(rel);
}

export function fileInScope(base: Base, f: RecordFile): boolean {
  if (!clean(base, f.path)) return false;
  const p = pathFor(base);
  if (f.kind === 'manifest') {
    if (!samePath(base, p.basename(f.path), MANIFEST_FILE)) return false;
    const dir = p.dirname(f.path);
    if (BROWSERS.some((b) => samePath(base, dir, manifestDir(base, b)))) return true;
    return f.target === 'custom' && base.platform !== 'win32' && p.basename(dir) === 'NativeMessagingHosts';
  }
  const own = { config: configPath(base), bundle: bundleCopyPath(base), launcher: launcherPath(base), program: executableCopyPath(base) }[
    f.kind
  ];
  return samePath(base, f.path, own);
}

export function dirInScope(base: Base, dir: string, record: InstallRecord): boolean {
  if (!clean(base, dir)) return false;
  const p = pathFor(base);
  const own = installDir(base);
  if (samePath(base, dir, own) || isInside(base, dir, own)) return true;
  const insideHome = (d: string) => isInside(base, d, base.home);
  for (const b of BROWSERS) {
    const m = manifestDir(base, b);
    if (samePath(base, dir, m)) return true;
    if (insideHome(dir) && isInside(base, m, dir)) return true;
  }
  if (insideHome(dir) && isInside(base, own, dir)) return true;
  for (const f of record.files) {
    if (f.kind !== 'manifest' || f.target !== 'custom' || !fileInScope(base, f)) continue;
    const folder = p.dirname(f.path);
    if (samePath(base, dir, folder) || samePath(base, dir, p.dirname(folder))) return true;
  }
  return false;
}

export function registryKeyInScope(key: string): boolean {
  return BROWSERS.some((b) => windowsRegistryKey(b).toLowerCase() === key.toLowerCase());
}
