/**
 * install. Planned first as data (what to write where, which registry keys to set), so the macOS
 * and Windows layouts can be checked on any machine, and then applied; every created file, folder
 * and key goes into the install record so uninstall (uninstall.ts) removes exactly that and
 * nothing else.
 */
import { existsSync, readFileSync, lstatSync, renameSync } from 'node:fs';
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
import { mkdirPrivate, writePrivate, InstallRefused } from './write';
import { regAddArgs } from './windows';
import { assertLocal, InstallError } from './install-error';

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
