/**
 * The Windows installer packages (scripts/build-msi.mjs), built here from the real Windows program:
 * - read back with msiinfo/msiextract: each browser's registry key, the per-user (or per-machine)
 *   folder, manifests that are the program's own (`hostManifest`) and whose path is the installed
 *   program, the Settings › Apps facts (name, version, publisher, icon), a major upgrade under an
 *   UpgradeCode that stays the same from one version to the next;
 * - installed with `wine msiexec /i … /qn` into a throw-away WINEPREFIX: the files and the registry
 *   keys are there and lead from each browser's key to the program; a newer version replaces the
 *   older one (one Apps entry); `msiexec /x` leaves the files and registry as they were before,
 *   apart from Windows Installer's own empty bookkeeping folders and keys.
 * What wine cannot show is said where it comes up: wine writes no DisplayIcon for the Apps entry
 * (the icon is checked in the package instead), and keeps every Apps entry under HKLM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ORIGIN, GECKO_ID } from '@/contract/ids';
import { MSI_FILES, MSI_FOLDER, MSI_PRODUCT_NAME, MSI_PUBLISHER, MSI_UPGRADE_CODES, type MsiScope } from '@/contract/release';
import { hostManifest } from '@/helper/install/manifest';
import { MSI_MARKER, MSI_PROGRAM, msiLayout, msiManifestFile } from '@/helper/install/msi';
import { BROWSERS, windowsRegistryKey } from '@/helper/install/paths';
import { EXE, REPO, ensureExecutables } from '../support/native-host/client';
import { makeWinePrefix, treeValue, type WinePrefix } from '../support/wine';
// @ts-expect-error: a plain .mjs script without types
import { buildMsi } from '../../scripts/build-msi.mjs';

const VERSION = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
/** The next patch version: what a release after this one would be. */
const NEXT = VERSION.replace(/(\d+)$/, (n) => String(Number(n) + 1));

let out: string;
const msi: Record<'user' | 'userNext' | 'machine', string> = { user: '', userNext: '', machine: '' };
let programSha: string;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  const program = ensureExecutables()['windows-x64'];
  programSha = sha256(program);
  out = mkdtempSync(path.join(tmpdir(), 'm2k-msi-test-'));
  msi.user = await buildMsi({ scope: 'user', program, outDir: path.join(out, 'v1') });
  msi.userNext = await buildMsi({ scope: 'user', program, version: NEXT, outDir: path.join(out, 'v2') });
  msi.machine = await buildMsi({ scope: 'machine', program, outDir: path.join(out, 'v1') });
});
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** One table of a package, as records by column name (msiinfo export prints names, types, the table's key, then rows). */
function table(file: string, name: string): Record<string, string>[] {
  const [head, , , ...rows] = execFileSync('msiinfo', ['export', file, name], { encoding: 'utf8' }).replace(/\r/g, '').split('\n');
  const cols = head!.split('\t');
  return rows.filter(Boolean).map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i]!, v])));
}
const properties = (file: string) => Object.fromEntries(table(file, 'Property').map((r) => [r.Property!, r.Value!]));
/** Summary information's word count (msiinfo calls it "Source"): bit 8 means no administrator rights needed. */
const wordCount = (file: string) => Number(/^Source: (\d+)/m.exec(execFileSync('msiinfo', ['suminfo', file], { encoding: 'utf8' }))![1]);

describe.each([
  ['user', 'HKCU', 1],
  ['machine', 'HKLM', 2],
] as const)('the %s package, read with msiinfo', (scope: MsiScope, hive, root) => {
  const file = () => (scope === 'user' ? msi.user : msi.machine);

  it('names the product for Settings › Apps: name, version, publisher, icon; its file name is the release name', () => {
    expect(path.basename(file())).toBe(MSI_FILES[scope]);
    const p = properties(file());
    expect(p).toMatchObject({
      ProductName: MSI_PRODUCT_NAME,
      ProductVersion: VERSION,
      Manufacturer: MSI_PUBLISHER,
      UpgradeCode: `{${MSI_UPGRADE_CODES[scope]}}`,
      ARPNOMODIFY: '1',
    });
    expect(table(file(), 'Icon').map((r) => r.Name)).toEqual([p.ARPPRODUCTICON]);
  });

  it(
    scope === 'user'
      ? 'installs per user: no administrator prompt, under %LOCALAPPDATA%\\Programs'
      : 'installs per machine: ALLUSERS=1, under Program Files',
    () => {
      const p = properties(file());
      const dirs = Object.fromEntries(table(file(), 'Directory').map((r) => [r.Directory!, r]));
      expect(dirs.INSTALLDIR!.DefaultDir).toBe(MSI_FOLDER);
      if (scope === 'user') {
        expect(p.ALLUSERS).toBeUndefined();
        expect(wordCount(file()) & 8).toBe(8);
        expect(dirs.INSTALLDIR!.Directory_Parent).toBe('ProgramsDir');
        expect(dirs.ProgramsDir).toMatchObject({ Directory_Parent: 'LocalAppDataFolder', DefaultDir: 'Programs' });
      } else {
        expect(p.ALLUSERS).toBe('1');
        expect(wordCount(file()) & 8).toBe(0);
        expect(dirs.INSTALLDIR!.Directory_Parent).toBe('ProgramFiles64Folder');
      }
    },
  );

  it(`registers the host for every browser under ${hive}, each key pointing at that browser's manifest in the install folder`, () => {
    const rows = table(file(), 'Registry');
    expect(rows.map((r) => [Number(r.Root), r.Key, r.Name, r.Value]).sort()).toEqual(
      BROWSERS.map((b) => [root, windowsRegistryKey(b).replace(/^HKCU\\/, ''), '', `[INSTALLDIR]${msiManifestFile(b)}`]).sort(),
    );
  });

  it('holds the program and the manifests the program itself would write, whose path is the installed program', () => {
    const dir = mkdtempSync(path.join(out, 'extract-'));
    // cwd too: msiextract writes the icon stream into the current folder whatever -C says.
    execFileSync('msiextract', ['-C', dir, file()], { cwd: dir, stdio: 'ignore' });
    const program = execFileSync('find', [dir, '-name', MSI_PROGRAM], { encoding: 'utf8' }).trim();
    expect(sha256(program)).toBe(programSha);
    const folder = path.dirname(program);
    expect(readdirSync(folder).sort()).toEqual([MSI_MARKER, MSI_PROGRAM, ...BROWSERS.map(msiManifestFile)].sort());
    for (const b of BROWSERS) {
      const manifest = JSON.parse(readFileSync(path.join(folder, msiManifestFile(b)), 'utf8'));
      expect(manifest).toEqual(hostManifest(b, MSI_PROGRAM));
      expect(path.resolve(folder, manifest.path)).toBe(program);
      if (b === 'firefox') expect(manifest.allowed_extensions).toEqual([GECKO_ID]);
      else expect(manifest.allowed_origins).toEqual([CHROME_ORIGIN]);
    }
    expect(JSON.parse(readFileSync(path.join(folder, MSI_MARKER), 'utf8'))).toEqual({ by: 'msi', scope, version: VERSION });
    expect(
      msiLayout(scope, VERSION)
        .files.map((f) => f.name)
        .sort(),
    ).toEqual(
      readdirSync(folder)
        .filter((f) => f !== MSI_PROGRAM)
        .sort(),
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('upgrades, read with msiinfo', () => {
  it('two versions share the UpgradeCode, differ in ProductCode, and the newer removes the older (a major upgrade)', () => {
    const a = properties(msi.user);
    const b = properties(msi.userNext);
    expect(b.UpgradeCode).toBe(a.UpgradeCode);
    expect(b.ProductCode).not.toBe(a.ProductCode);
    expect([a.ProductVersion, b.ProductVersion]).toEqual([VERSION, NEXT]);
    // Building the same version twice gives the same product code: one version is one product.
    expect(properties(msi.user).ProductCode).toBe(a.ProductCode);
    const upgrade = table(msi.userNext, 'Upgrade');
    expect(upgrade).toContainEqual(
      expect.objectContaining({ UpgradeCode: a.UpgradeCode, VersionMax: NEXT, ActionProperty: 'WIX_UPGRADE_DETECTED' }),
    );
    expect(table(msi.userNext, 'InstallExecuteSequence').map((r) => r.Action)).toEqual(
      expect.arrayContaining(['FindRelatedProducts', 'RemoveExistingProducts']),
    );
    // The per-machine package is a line of upgrades of its own.
    expect(properties(msi.machine).UpgradeCode).not.toBe(a.UpgradeCode);
  });
});

/** A registry value (a Windows path) as the Linux path in the prefix. */
const linuxPath = (w: WinePrefix, windows: string) => path.join(w.driveC, windows.replace(/^C:\\/i, '').split('\\').join('/'));

interface Snapshot {
  files: string[];
  hkcu: string;
  hklm: string;
}

/** The Apps entries (Uninstall keys) whose DisplayName is ours: wine keeps them under HKLM even for per-user installs. */
function appsEntries(snap: Snapshot): { version: string; publisher: string }[] {
  return [snap.hkcu, snap.hklm].flatMap((tree) =>
    tree
      .split(/\n(?=HKEY_)/)
      .filter((block) => /\\CurrentVersion\\Uninstall\\/.test(block.split('\n', 1)[0]!))
      .filter((block) => new RegExp(`^\\s+DisplayName\\s+REG_SZ\\s+${MSI_PRODUCT_NAME}\\s*$`, 'm').test(block))
      .map((block) => ({
        version: /^\s+DisplayVersion\s+REG_SZ\s+(.*?)\s*$/m.exec(block)?.[1] ?? '',
        publisher: /^\s+Publisher\s+REG_SZ\s+(.*?)\s*$/m.exec(block)?.[1] ?? '',
      })),
  );
}

/**
 * What changed between two listings (files, or registry keys and values), apart from wine's own
 * passing state and Windows Installer's bookkeeping (folders and keys created on its first use,
 * which stay, empty, on Windows too).
 */
const NOT_OURS = /(^|[\\/])(Microsoft|windows|CurrentVersion|Classes)[\\/]Installer([\\/]|$)|\\Software\\Wine\\/i;
function changed(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: after.filter((x) => !b.has(x) && !NOT_OURS.test(x)), removed: before.filter((x) => !a.has(x) && !NOT_OURS.test(x)) };
}
/** Registry listing lines, each value line prefixed with its key so that equal values under different keys differ. */
function regLines(tree: string): string[] {
  let key = '';
  return tree
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (l.startsWith('HKEY_') ? (key = l.trim()) : `${key} :: ${l.trim()}`));
}

describe('installed with wine msiexec into a throw-away WINEPREFIX', () => {
  let w: WinePrefix;
  beforeAll(async () => {
    w = await makeWinePrefix();
  });
  afterAll(async () => {
    await w?.remove();
  });

  const snapshot = async (): Promise<Snapshot> => ({
    files: w.files(),
    hkcu: await w.regTree('HKCU\\Software'),
    hklm: await w.regTree('HKLM\\Software'),
  });
  const expectRestored = (before: Snapshot, after: Snapshot) => {
    expect(changed(before.files, after.files)).toEqual({ added: [], removed: [] });
    expect(changed(regLines(before.hkcu), regLines(after.hkcu))).toEqual({ added: [], removed: [] });
    expect(changed(regLines(before.hklm), regLines(after.hklm))).toEqual({ added: [], removed: [] });
    expect(appsEntries(after)).toEqual([]);
  };
  /** Each browser's key in `hive` leads to its manifest in `dir`, whose path leads to the program there. */
  const expectRegistered = (snap: Snapshot, hive: 'HKCU' | 'HKLM', dir: string) => {
    for (const b of BROWSERS) {
      const key = windowsRegistryKey(b).replace(/^HKCU/, hive);
      const value = treeValue(hive === 'HKCU' ? snap.hkcu : snap.hklm, key);
      expect(value, key).toBeDefined();
      const manifestFile = linuxPath(w, value!);
      expect(manifestFile).toBe(path.join(dir, msiManifestFile(b)));
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
      expect(path.resolve(path.dirname(manifestFile), manifest.path)).toBe(path.join(dir, MSI_PROGRAM));
      // Only the one hive.
      const other = windowsRegistryKey(b).replace(/^HKCU/, hive === 'HKCU' ? 'HKLM' : 'HKCU');
      expect(treeValue(hive === 'HKCU' ? snap.hklm : snap.hkcu, other), other).toBeUndefined();
    }
  };

  it('per user: files and HKCU keys lead each browser to the program; a newer version replaces it; uninstall restores everything', async () => {
    const before = await snapshot();
    expect((await w.run(['wine', 'msiexec', '/i', msi.user, '/qn'])).code).toBe(0);
    const dir = path.join(w.localAppData, 'Programs', MSI_FOLDER);
    expect(readdirSync(dir).sort()).toEqual([MSI_MARKER, MSI_PROGRAM, ...BROWSERS.map(msiManifestFile)].sort());
    expect(sha256(path.join(dir, MSI_PROGRAM))).toBe(programSha);
    const installed = await snapshot();
    expectRegistered(installed, 'HKCU', dir);
    // The Apps entry (wine writes no DisplayIcon; the package's icon is checked with msiinfo above).
    expect(appsEntries(installed)).toEqual([{ version: VERSION, publisher: MSI_PUBLISHER }]);

    expect((await w.run(['wine', 'msiexec', '/i', msi.userNext, '/qn'])).code).toBe(0);
    const upgraded = await snapshot();
    expect(appsEntries(upgraded)).toEqual([{ version: NEXT, publisher: MSI_PUBLISHER }]);
    expect(JSON.parse(readFileSync(path.join(dir, MSI_MARKER), 'utf8')).version).toBe(NEXT);
    expectRegistered(upgraded, 'HKCU', dir);

    expect((await w.run(['wine', 'msiexec', '/x', msi.userNext, '/qn'])).code).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(path.join(w.localAppData, 'Programs'))).toBe(false);
    expectRestored(before, await snapshot());
  });

  it('per machine (for IT: msiexec /i … /qn): Program Files and HKLM keys; uninstall restores everything', async () => {
    const before = await snapshot();
    expect((await w.run(['wine', 'msiexec', '/i', msi.machine, '/qn'])).code).toBe(0);
    const dir = path.join(w.programFiles, MSI_FOLDER);
    expect(sha256(path.join(dir, MSI_PROGRAM))).toBe(programSha);
    const installed = await snapshot();
    expectRegistered(installed, 'HKLM', dir);
    expect(appsEntries(installed)).toEqual([{ version: VERSION, publisher: MSI_PUBLISHER }]);
    expect((await w.run(['wine', 'msiexec', '/x', msi.machine, '/qn'])).code).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expectRestored(before, await snapshot());
  });
});
