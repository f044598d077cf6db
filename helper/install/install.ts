/**
 * install / uninstall / status. Install is planned first as data (what to write where, which
 * registry keys to set) and then applied; every created file, folder and key goes into the
 * install record so uninstall removes exactly that and nothing else. The record is a file in the
 * person's folder, so uninstall does not trust it: it removes only our own files in the install
 * folder and the browsers' manifest folders, and only our own registry keys (see scope.ts).
 */
import { existsSync, readFileSync, rmdirSync, unlinkSync, readdirSync, lstatSync, renameSync } from 'node:fs';
import { ConfigSchema, DEFAULT_CONFIG, loadConfig, type Config } from '../config';
import { effectiveAllowList, formatAllowEntry, parseAllowSpec } from '../native/allow';
import { hostManifest, launcherScript } from './manifest';
import {
  BROWSERS,
  MANIFEST_FILE,
  browserProfileRoot,
  bundleCopyPath,
  configPath,
  executableCopyPath,
  installDir,
  launcherPath,
  manifestDir,
  pathFor,
  recordPath,
  userDataManifestDir,
  windowsRegistryKey,
  type Base,
  type Browser,
} from './paths';
import { mergeRecords, readRecord, sha256, type InstallRecord, type RecordFile } from './record';
import { dirInScope, fileInScope, registryKeyInScope } from './scope';
export { dirInScope, fileInScope, registryKeyInScope };
import { mkdirPrivate, writePrivate, InstallRefused } from './write';
import { regAddArgs, regDeleteArgs, regQueryArgs } from './windows';

export interface InstallOptions {
  base: Base;
  /** Browsers to register for; `all` means every browser whose profile folder exists. */
  browsers: Browser[] | 'all';
  /** A custom Chromium profile: its NativeMessagingHosts folder replaces the per-user one. */
  userDataDir?: string;
  /** Allow specs added to the config (united with what is there). */
  allow?: string[];
  /** Development only: extra Chromium extension ids / Firefox add-on ids accepted as callers. */
  extensionIds?: string[];
  addonIds?: string[];
  /** Absolute path of the Node that runs the host (process.execPath of the installer). Unused with `executable`. */
  node: string;
  /** The built bundle (dist/helper/m2k-probe.cjs) to copy into the install folder. Unused with `executable`. */
  bundle: string;
  /**
   * The standalone program (a Bun-compiled m2k-probe) that is running this install: it is copied
   * into the install folder and the manifests point straight at the copy, no launcher, no Node.
   */
  executable?: string;
  /** Runs `reg` with these arguments (Windows only; injected by tests). */
  runReg?: (args: string[]) => string | void;
  now?: Date;
}

export interface PlannedFile {
  path: string;
  content: string | Buffer;
  mode: number;
  kind: RecordFile['kind'];
  target?: string;
}

export interface InstallPlan {
  dir: string;
  files: PlannedFile[];
  registry: { key: string; target: string; args: string[] }[];
  config: Config;
  /** What the manifests were written for, e.g. `chrome`, `firefox`, `custom`. */
  targets: string[];
}

export class InstallError extends Error {}
export { InstallRefused };

/** Which browsers `all` means here: those with a profile folder (the browser has run at least once). */
export function detectBrowsers(base: Base): Browser[] {
  return BROWSERS.filter((b) => existsSync(browserProfileRoot(base, b)));
}

/** The config after adding allow specs and development ids to what is there (united, never narrowed). */
export function mergeConfig(existing: Config, add: Pick<InstallOptions, 'allow' | 'extensionIds' | 'addonIds'>): Config {
  for (const s of add.allow ?? []) parseAllowSpec(s); // throws with a readable message
  return ConfigSchema.parse({
    version: 1,
    allow: effectiveAllowList([...existing.allow, ...(add.allow ?? [])])
      .slice(1)
      .map(formatAllowEntry),
    extensionIds: [...new Set([...existing.extensionIds, ...(add.extensionIds ?? [])])],
    addonIds: [...new Set([...existing.addonIds, ...(add.addonIds ?? [])])],
  });
}

/** Pure: what install would write, given the existing config and the program's bytes (bundle or executable). */
export function planInstall(opts: InstallOptions, existing: Config, programBytes: Buffer): InstallPlan {
  const { base } = opts;
  const p = pathFor(base);
  if (!opts.executable && !p.isAbsolute(opts.node)) throw new InstallError(`node path must be absolute: ${opts.node}`);
  const browsers = opts.browsers === 'all' ? detectBrowsers(base) : [...new Set(opts.browsers)];
  if (browsers.length === 0) {
    throw new InstallError('no browser profile found; name one with --browser chrome|chromium|edge|brave|firefox');
  }
  if (opts.userDataDir && base.platform === 'win32') {
    throw new InstallError('--user-data-dir is not supported on Windows (browsers read the registry there)');
  }
  const config = mergeConfig(existing, opts);
  const cfg = configPath(base);
  // Only the person's own account may change what the browser starts: folders 0700, files 0600,
  // programs 0700.
  const files: PlannedFile[] = [{ path: cfg, content: JSON.stringify(config, null, 2) + '\n', mode: 0o600, kind: 'config' }];
  let launcher: string;
  if (opts.executable) {
    // The host reads config.json from the install folder by default (config.ts), so the browser
    // can start the program itself.
    launcher = executableCopyPath(base);
    files.unshift({ path: launcher, content: programBytes, mode: 0o700, kind: 'program' });
  } else {
    launcher = launcherPath(base);
    const bundle = bundleCopyPath(base);
    files.unshift({ path: bundle, content: programBytes, mode: 0o600, kind: 'bundle' });
    files.push({ path: launcher, content: launcherScript(base, opts.node, bundle, cfg), mode: 0o700, kind: 'launcher' });
  }
  const registry: InstallPlan['registry'] = [];
  const targets: string[] = [];
  const extra = { extensionIds: config.extensionIds, addonIds: config.addonIds };
  const manifestText = (b: Browser) => JSON.stringify(hostManifest(b, launcher, extra), null, 2) + '\n';
  let customDone = false;
  for (const b of browsers) {
    if (opts.userDataDir && b !== 'firefox') {
      // One Chromium-family manifest in the custom profile serves whichever Chromium runs it.
      if (customDone) continue;
      customDone = true;
      files.push({
        path: p.join(userDataManifestDir(base, p.resolve(opts.userDataDir)), MANIFEST_FILE),
        content: manifestText(b),
        mode: 0o600,
        kind: 'manifest',
        target: 'custom',
      });
      targets.push('custom');
      continue;
    }
    const file = p.join(manifestDir(base, b), MANIFEST_FILE);
    files.push({ path: file, content: manifestText(b), mode: 0o600, kind: 'manifest', target: b });
    targets.push(b);
    if (base.platform === 'win32') registry.push({ key: windowsRegistryKey(b), target: b, args: regAddArgs(b, file) });
  }
  return { dir: installDir(base), files, registry, config, targets };
}

export interface InstallResult {
  plan: InstallPlan;
  record: InstallRecord;
  /** An unreadable config.json, moved aside here before a fresh one was written. */
  configBackup?: string;
}

/** Files are only written for the platform we run on: Windows paths on Linux would land in the current folder. */
function assertLocal(base: Base): void {
  const here = process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
  if (base.platform !== here) throw new InstallError(`cannot apply a ${base.platform} install on ${here}`);
}

export function install(opts: InstallOptions): InstallResult {
  const { base } = opts;
  assertLocal(base);
  const p = pathFor(base);
  let programBytes: Buffer;
  const source = opts.executable ?? opts.bundle;
  try {
    programBytes = readFileSync(source);
  } catch {
    throw new InstallError(
      opts.executable ? `cannot read the program ${source}` : `cannot read the helper bundle ${source}; run npm run build first`,
    );
  }
  const loaded = loadConfig(configPath(base));
  const plan = planInstall(opts, loaded.problem ? DEFAULT_CONFIG : loaded.config, programBytes);
  const dirs: string[] = [];
  const files: RecordFile[] = [];
  let configBackup: string | undefined;
  try {
    // Our own folder: created private, and made private again if an older install left it open.
    dirs.push(...mkdirPrivate(plan.dir, p, { tighten: true }));
    if (loaded.problem && existsSync(loaded.path)) {
      // Never silently lose a hand-edited allow-list: keep what was there next to the new file.
      configBackup = `${loaded.path}.bak`;
      if (lstatSync(loaded.path).isSymbolicLink()) throw new InstallRefused(`refusing to replace ${loaded.path}: it is a symbolic link`);
      renameSync(loaded.path, configBackup);
    }
    for (const f of plan.files) {
      dirs.push(...mkdirPrivate(p.dirname(f.path), p));
      writePrivate(f.path, f.content, f.mode);
      files.push({ path: f.path, kind: f.kind, target: f.target, sha256: sha256(f.content) });
    }
  } catch (e) {
    if (e instanceof InstallRefused) throw new InstallError(e.message);
    throw e;
  }
  for (const r of plan.registry) {
    if (!opts.runReg) throw new InstallError('registry writes need Windows');
    opts.runReg(r.args);
  }
  const record = mergeRecords(readRecord(recordPath(base)), {
    version: 1,
    updatedAt: (opts.now ?? new Date()).toISOString(),
    node: opts.executable ? '' : opts.node,
    files,
    dirs,
    registry: plan.registry.map(({ key, target }) => ({ key, target })),
  });
  try {
    writePrivate(recordPath(base), JSON.stringify(record, null, 2) + '\n', 0o600);
  } catch (e) {
    throw e instanceof InstallRefused ? new InstallError(e.message) : e;
  }
  return { plan, record, configBackup };
}

export type FileState = 'ok' | 'missing' | 'changed';

function fileState(f: RecordFile): FileState {
  try {
    // A symbolic link is never ours: install writes regular files only.
    if (!lstatSync(f.path).isFile()) return 'changed';
    return sha256(readFileSync(f.path)) === f.sha256 ? 'ok' : 'changed';
  } catch {
    return 'missing';
  }
}

export interface UninstallResult {
  removed: string[];
  /** Files changed since install (someone else's now): left in place. */
  kept: string[];
  missing: string[];
  registryRemoved: string[];
  /** Registry keys that were already gone. */
  registryMissing: string[];
  /** Registry keys that exist but could not be deleted. */
  registryFailed: string[];
  dirsRemoved: string[];
  /** Paths and keys in the record that install never writes (a changed record): reported, not touched. */
  refused: string[];
  wasInstalled: boolean;
}

/**
 * Deletes our registry keys through `reg`. A key already gone (removed by hand, or by an earlier
 * uninstall that stopped half-way) is not an error: `reg delete` fails for it, `reg query` too.
 */
export function removeRegistryKeys(
  entries: readonly { key: string }[],
  runReg: (args: string[]) => string | void,
): Pick<UninstallResult, 'registryRemoved' | 'registryMissing' | 'registryFailed' | 'refused'> {
  const out = { registryRemoved: [] as string[], registryMissing: [] as string[], registryFailed: [] as string[], refused: [] as string[] };
  for (const { key } of entries) {
    if (!registryKeyInScope(key)) {
      out.refused.push(key);
      continue;
    }
    try {
      runReg(regDeleteArgs(key));
      out.registryRemoved.push(key);
      continue;
    } catch {
      /* gone, or refused: ask */
    }
    try {
      runReg(regQueryArgs(key));
      out.registryFailed.push(key);
    } catch {
      out.registryMissing.push(key);
    }
  }
  return out;
}

export function uninstall(base: Base, runReg?: (args: string[]) => string | void): UninstallResult {
  assertLocal(base);
  const out: UninstallResult = {
    removed: [],
    kept: [],
    missing: [],
    registryRemoved: [],
    registryMissing: [],
    registryFailed: [],
    dirsRemoved: [],
    refused: [],
    wasInstalled: false,
  };
  const record = readRecord(recordPath(base));
  if (!record) return out;
  out.wasInstalled = true;
  for (const f of record.files) {
    if (!fileInScope(base, f)) {
      out.refused.push(f.path);
      continue;
    }
    const state = fileState(f);
    if (state === 'ok') {
      unlinkSync(f.path);
      out.removed.push(f.path);
    } else (state === 'changed' ? out.kept : out.missing).push(f.path);
  }
  if (record.registry.length) {
    if (!runReg) throw new InstallError('registry changes need Windows');
    const r = removeRegistryKeys(record.registry, runReg);
    out.registryRemoved = r.registryRemoved;
    out.registryMissing = r.registryMissing;
    out.registryFailed = r.registryFailed;
    out.refused.push(...r.refused);
  }
  unlinkSync(recordPath(base));
  out.removed.push(recordPath(base));
  // Deepest first, and only when empty: a folder that gained other files stays.
  for (const d of [...record.dirs].sort((a, b) => b.length - a.length)) {
    if (!dirInScope(base, d, record)) {
      out.refused.push(d);
      continue;
    }
    try {
      if (!lstatSync(d).isDirectory()) continue; // a link put in its place is not ours
      if (readdirSync(d).length === 0) {
        rmdirSync(d);
        out.dirsRemoved.push(d);
      }
    } catch {
      /* already gone */
    }
  }
  return out;
}

export interface StatusReport {
  installDir: string;
  installed: boolean;
  node?: string;
  updatedAt?: string;
  files: (RecordFile & { state: FileState })[];
  registry: { key: string; target: string }[];
  allow: string[];
  /** Host manifests at the browsers' usual places that this install did not write. */
  foreign: { target: Browser; path: string }[];
}

export function status(base: Base): StatusReport {
  const p = pathFor(base);
  const record = readRecord(recordPath(base));
  const recorded = new Set(record?.files.map((f) => f.path));
  const foreign: StatusReport['foreign'] = [];
  if (base.platform !== 'win32') {
    for (const b of BROWSERS) {
      const f = p.join(manifestDir(base, b), MANIFEST_FILE);
      if (!recorded.has(f) && existsSync(f)) foreign.push({ target: b, path: f });
    }
  }
  const cfg = loadConfig(configPath(base)).config;
  return {
    installDir: installDir(base),
    installed: !!record,
    node: record?.node,
    updatedAt: record?.updatedAt,
    files: (record?.files ?? []).map((f) => ({ ...f, state: fileState(f) })),
    registry: record?.registry ?? [],
    allow: effectiveAllowList(cfg.allow).map(formatAllowEntry),
    foreign,
  };
}
