/**
 * The program as the Windows installer package leaves it (helper/install/msi.ts): what the package
 * holds, and what the program says and does when it finds the package's marker beside itself — a
 * double-click installs nothing and says where it is and how it is removed; `status` reports the
 * package and each browser's registry key; `install --allow` changes only config.json beside the
 * program, which the host reads there; `uninstall` points to Settings › Apps. The CLI runs
 * in-process on Linux with a temporary folder standing for the install folder; `reg` is a stand-in
 * that answers from a table, since no registry exists here (tests/wine/msi.test.ts installs the
 * real package under wine).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli, type CliIO } from '@/helper/cli/run';
import { MSI_MARKER, MSI_PROGRAM, msiLayout, msiManifestFile, packageRegistryKey } from '@/helper/install/msi';
import { BROWSERS, windowsRegistryKey } from '@/helper/install/paths';
import { hostManifest } from '@/helper/install/manifest';
import { loadConfig, resolveConfigPath } from '@/helper/config';
import { MSI_PRODUCT_NAME } from '@/contract/release';

let root: string;
let home: string;
let dir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'm2k-msi-program-'));
  home = join(root, 'home');
  dir = join(root, 'Mail2000 Gmail Bridge');
  mkdirSync(home);
  mkdirSync(dir);
  for (const f of msiLayout('user', '1.2.3').files) writeFileSync(join(dir, f.name), f.content);
  writeFileSync(join(dir, MSI_PROGRAM), 'program');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function cli(argv: string[], opts: { lang?: string; runReg?: CliIO['runReg']; execPath?: string } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli({
    argv,
    env: { HOME: home, LANG: opts.lang ?? 'en_US.UTF-8' },
    stdin: new PassThrough(),
    stdout,
    stderr,
    version: '1.2.3',
    execPath: opts.execPath ?? join(dir, MSI_PROGRAM),
    bundlePath: '',
    standalone: true,
    probe: async () => {
      throw new Error('no probe in these tests');
    },
    runReg: opts.runReg,
  });
  return { code, out, err };
}

describe('what the package holds', () => {
  it.each(['user', 'machine'] as const)(
    '%s: one manifest per browser naming the program beside it, the marker, and keys in its own hive',
    (scope) => {
      const layout = msiLayout(scope, '1.2.3');
      for (const b of BROWSERS) {
        const file = layout.files.find((f) => f.name === msiManifestFile(b))!;
        expect(JSON.parse(file.content)).toEqual(hostManifest(b, MSI_PROGRAM));
        expect(JSON.parse(file.content).path).toBe('m2k-probe.exe');
      }
      expect(JSON.parse(layout.files.find((f) => f.name === MSI_MARKER)!.content)).toEqual({ by: 'msi', scope, version: '1.2.3' });
      expect(layout.registry.map((r) => `${r.hive}\\${r.key}`)).toEqual(BROWSERS.map((b) => packageRegistryKey(scope, b)));
      expect(packageRegistryKey(scope, 'firefox')).toBe(
        `${scope === 'user' ? 'HKCU' : 'HKLM'}\\Software\\Mozilla\\NativeMessagingHosts\\tw.m2k.probe`,
      );
    },
  );
});

describe('the package’s program', () => {
  it('double-clicked: installs nothing, says it is set up for every browser and how it is removed', async () => {
    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`The Mail2000 Gmail Bridge helper was installed for this user by its installer package, in ${dir}.`);
    expect(r.out).toContain('Google Chrome, Chromium, Microsoft Edge, Brave and Firefox');
    expect(r.out).toContain(`Settings › Apps › ${MSI_PRODUCT_NAME}`);
    expect(readdirSync(home)).toEqual([]);
    const zh = await cli([], { lang: 'zh_TW.UTF-8' });
    expect(zh.out).toContain(`Mail2000 Gmail Bridge 輔助程式已由安裝套件為這位使用者安裝於 ${dir}。`);
    expect(zh.out).toContain(`「設定」›「應用程式」›「${MSI_PRODUCT_NAME}」`);
  });

  it('a program without the marker beside it still installs itself (the downloaded .exe)', async () => {
    rmSync(join(dir, MSI_MARKER));
    mkdirSync(join(home, '.mozilla'));
    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('The Mail2000 Gmail Bridge helper is installed in');
    expect(existsSync(join(home, '.local/share/m2k-probe/installed.json'))).toBe(true);
  });

  it('status: the package, its version and folder, and where each browser’s key leads', async () => {
    const keys: Record<string, string> = {
      [packageRegistryKey('user', 'chrome')]: join(dir, msiManifestFile('chrome')),
      [packageRegistryKey('user', 'firefox')]: 'C:\\Users\\amy\\AppData\\Local\\m2k-probe\\manifests\\firefox\\tw.m2k.probe.json',
    };
    const runReg = (args: string[]) => {
      const value = keys[args[1]!];
      if (args[0] !== 'query' || !value) throw new Error('ERROR: The system was unable to find the specified registry key or value.');
      return `\r\n${args[1]}\r\n    (Default)    REG_SZ    ${value}\r\n\r\n`;
    };
    const json = JSON.parse((await cli(['status', '--json'], { runReg })).out);
    expect(json.installed).toBe(false);
    expect(json.packages).toHaveLength(1);
    const [pkg] = json.packages;
    expect(pkg).toMatchObject({ scope: 'user', dir, version: '1.2.3' });
    expect(pkg.manifests.every((m: { present: boolean }) => m.present)).toBe(true);
    const byBrowser = Object.fromEntries(pkg.keys.map((k: { browser: string }) => [k.browser, k]));
    expect(byBrowser.chrome).toMatchObject({ ours: true, value: join(dir, msiManifestFile('chrome')) });
    expect(byBrowser.firefox).toMatchObject({ ours: false, value: keys[packageRegistryKey('user', 'firefox')] });
    expect(byBrowser.edge).toMatchObject({ ours: false });
    expect(byBrowser.edge.value).toBeUndefined();
    const text = (await cli(['status'], { runReg })).out;
    expect(text).toContain(`Browser helper installed for this user by its installer package in ${dir} (version 1.2.3)`);
    expect(text).toMatch(/OTHER\s+HKCU\\Software\\Mozilla\\NativeMessagingHosts\\tw\.m2k\.probe → C:\\Users\\amy/);
    expect(text).toMatch(/MISSING\s+HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\tw\.m2k\.probe → —/);
    expect(text).not.toContain('Browser helper not installed');
  });

  it('install --allow changes config.json beside the program, which the host then reads; nothing else is written', async () => {
    const nothing = await cli(['install']);
    expect(nothing.code).toBe(0);
    expect(nothing.out).toContain('already set up for every browser');
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
    const r = await cli(['install', '--allow', 'mail.school.test']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${join(dir, 'config.json')}`);
    expect(r.out).toContain('mail.au.edu.tw, mail.school.test');
    // The host of a package install reads that very file.
    const file = resolveConfigPath({ HOME: home }, dir);
    expect(file).toBe(join(dir, 'config.json'));
    expect(loadConfig(file).config.allow).toEqual(['mail.school.test']);
    // A program elsewhere (the per-user install) keeps reading its own.
    expect(resolveConfigPath({ HOME: home }, home)).toBe(join(home, '.local/share/m2k-probe/config.json'));
    expect(readdirSync(home)).toEqual([]);
    // A second --allow adds to the first.
    await cli(['install', '--allow', '127.0.0.1:10110']);
    expect(loadConfig(file).config.allow).toEqual(['mail.school.test', '127.0.0.1:10110']);
  });

  it('install --allow refuses to overwrite a config.json it cannot read', async () => {
    writeFileSync(join(dir, 'config.json'), '{ "version": 1, "allow": [ broken');
    const r = await cli(['install', '--allow', 'mail.school.test']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('invalid JSON');
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain('broken');
  });

  it('uninstall: Windows Installer owns the package; the person is sent to Settings › Apps', async () => {
    const r = await cli(['uninstall']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`To remove the helper in ${dir}: Settings › Apps › ${MSI_PRODUCT_NAME}.\n`);
    expect(readdirSync(dir).sort()).toEqual([MSI_MARKER, MSI_PROGRAM, ...BROWSERS.map(msiManifestFile)].sort());
  });

  it('the per-user registry keys are the ones the program’s own install writes', () => {
    for (const b of BROWSERS) expect(packageRegistryKey('user', b)).toBe(windowsRegistryKey(b));
  });
});
