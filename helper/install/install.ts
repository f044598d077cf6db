/**
 * install / uninstall / status. Install is planned first as data (what to write where, which
 * registry keys to set) and then applied; every created file, folder and key goes into the
 * install record so uninstall removes exactly that and nothing else.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { ConfigSchema, DEFAULT_CONFIG, loadConfig, type Config } from '../config';
import { effectiveAllowList, formatAllowEntry, parseAllowSpec } from '../native/allow';
import { hostManifest, launcherScript } from './manifest';
import {
  BROWSERS,
  MANIFEST_FILE,
  browserProfileRoot,
  bundleCopyPath,
  configPath,
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
import { regAddArgs, regDeleteArgs } from './windows';

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
  /** Absolute path of the Node that runs the host (process.execPath of the installer). */
  node: string;
  /** The built bundle (dist/helper/m2k-probe.cjs) to copy into the install folder. */
  bundle: string;
  /** Runs `reg` with these arguments (Windows only; injected by tests). */
  runReg?: (args: string[]) => void;
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

/** Which browsers `all` means here: those with a profile folder (the browser has run at least once). */
export function detectBrowsers(base: Base): Browser[] {
  return BROWSERS.filter((b) => existsSync(browserProfileRoot(base, b)));
}

/** Pure: what install would write, given the existing config and the bundle's bytes. */
export function planInstall(opts: InstallOptions, existing: Config, bundleBytes: Buffer): InstallPlan {
  const { base } = opts;
  const p = pathFor(base);
  if (!p.isAbsolute(opts.node)) throw new InstallError(`node path must be absolute: ${opts.node}`);
  const browsers = opts.browsers === 'all' ? detectBrowsers(base) : [...new Set(opts.browsers)];
  if (browsers.length === 0) {
    throw new InstallError('no browser profile found; name one with --browser chrome|chromium|edge|brave|firefox');
  }
  if (opts.userDataDir && base.platform === 'win32') {
    throw new InstallError('--user-data-dir is not supported on Windows (browsers read the registry there)');
  }
  for (const s of opts.allow ?? []) parseAllowSpec(s); // throws with a readable message
  const config = ConfigSchema.parse({
    version: 1,
    allow: effectiveAllowList([...existing.allow, ...(opts.allow ?? [])]).slice(1).map(formatAllowEntry),
    extensionIds: [...new Set([...existing.extensionIds, ...(opts.extensionIds ?? [])])],
    addonIds: [...new Set([...existing.addonIds, ...(opts.addonIds ?? [])])],
  });
  const launcher = launcherPath(base);
  const bundle = bundleCopyPath(base);
  const cfg = configPath(base);
  const files: PlannedFile[] = [
    { path: bundle, content: bundleBytes, mode: 0o644, kind: 'bundle' },
    { path: cfg, content: JSON.stringify(config, null, 2) + '\n', mode: 0o644, kind: 'config' },
    { path: launcher, content: launcherScript(base.platform, opts.node, bundle, cfg), mode: 0o755, kind: 'launcher' },
  ];
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
      files.push({ path: p.join(userDataManifestDir(base, p.resolve(opts.userDataDir)), MANIFEST_FILE), content: manifestText(b), mode: 0o644, kind: 'manifest', target: 'custom' });
      targets.push('custom');
      continue;
    }
    const file = p.join(manifestDir(base, b), MANIFEST_FILE);
    files.push({ path: file, content: manifestText(b), mode: 0o644, kind: 'manifest', target: b });
    targets.push(b);
    if (base.platform === 'win32') registry.push({ key: windowsRegistryKey(b), target: b, args: regAddArgs(b, file) });
  }
  return { dir: installDir(base), files, registry, config, targets };
}

/** mkdir -p that returns the folders it actually created (outermost first). */
function mkdirTracked(dir: string, p: typeof import('node:path')): string[] {
  const created: string[] = [];
  let d = dir;
  while (!existsSync(d)) {
    created.unshift(d);
    const parent = p.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  if (created.length) mkdirSync(dir, { recursive: true });
  return created;
}

export interface InstallResult {
  plan: InstallPlan;
  record: InstallRecord;
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
  let bundleBytes: Buffer;
  try {
    bundleBytes = readFileSync(opts.bundle);
  } catch {
    throw new InstallError(`cannot read the helper bundle ${opts.bundle}; run npm run build first`);
  }
  const existing = existsSync(configPath(base)) ? loadConfig(configPath(base)).config : DEFAULT_CONFIG;
  const plan = planInstall(opts, existing, bundleBytes);
  const dirs: string[] = [];
  const files: RecordFile[] = [];
  for (const f of plan.files) {
    dirs.push(...mkdirTracked(p.dirname(f.path), p));
    writeFileSync(f.path, f.content, { mode: f.mode });
    chmodSync(f.path, f.mode); // writeFileSync's mode applies only to new files
    files.push({ path: f.path, kind: f.kind, target: f.target, sha256: sha256(f.content) });
  }
  for (const r of plan.registry) {
    if (!opts.runReg) throw new InstallError('registry writes need Windows');
    opts.runReg(r.args);
  }
  const record = mergeRecords(readRecord(recordPath(base)), {
    version: 1,
    updatedAt: (opts.now ?? new Date()).toISOString(),
    node: opts.node,
    files,
    dirs,
    registry: plan.registry.map(({ key, target }) => ({ key, target })),
  });
  writeFileSync(recordPath(base), JSON.stringify(record, null, 2) + '\n');
  return { plan, record };
}

export type FileState = 'ok' | 'missing' | 'changed';

function fileState(f: RecordFile): FileState {
  try {
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
  dirsRemoved: string[];
  wasInstalled: boolean;
}

export function uninstall(base: Base, runReg?: (args: string[]) => void): UninstallResult {
  assertLocal(base);
  const out: UninstallResult = { removed: [], kept: [], missing: [], registryRemoved: [], dirsRemoved: [], wasInstalled: false };
  const record = readRecord(recordPath(base));
  if (!record) return out;
  out.wasInstalled = true;
  for (const f of record.files) {
    const state = fileState(f);
    if (state === 'ok') {
      unlinkSync(f.path);
      out.removed.push(f.path);
    } else (state === 'changed' ? out.kept : out.missing).push(f.path);
  }
  for (const r of record.registry) {
    if (!runReg) throw new InstallError('registry changes need Windows');
    runReg(regDeleteArgs(r.key));
    out.registryRemoved.push(r.key);
  }
  unlinkSync(recordPath(base));
  out.removed.push(recordPath(base));
  // Deepest first, and only when empty: a folder that gained other files stays.
  for (const d of [...record.dirs].sort((a, b) => b.length - a.length)) {
    try {
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
