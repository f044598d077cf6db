// The installer against what an unlucky machine or a hostile program on it can do: a permissive
// umask, symbolic links at the paths it writes, an install record rewritten to name other files,
// folders and registry keys, an unreadable config.json, and a Windows profile folder whose name is
// not ASCII. Real files in a temporary HOME; the Windows registry through the `reg` argument seam
// (no registry here), the Windows launcher as text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { install, planInstall } from '@/helper/install/install';
import { removeRegistryKeys, uninstall } from '@/helper/install/uninstall';
import { configPath, installDir, manifestDir, recordPath, type Base } from '@/helper/install/paths';
import { DEFAULT_CONFIG } from '@/helper/config';

let root: string;
let base: Base;
let bundle: string;
let oldUmask: number;
const NODE = '/usr/bin/node';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'm2k-install-safety-'));
  mkdirSync(join(root, 'home'));
  base = { platform: 'linux', home: join(root, 'home'), env: {} };
  bundle = join(root, 'bundle.cjs');
  writeFileSync(bundle, 'console.log("bundle")\n');
  oldUmask = process.umask(0o000);
});
afterEach(() => {
  process.umask(oldUmask);
  rmSync(root, { recursive: true, force: true });
});

const mode = (p: string) => lstatSync(p).mode & 0o777;
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

describe('permissions under umask 000', () => {
  it('folders 0700, data files 0600, the launcher 0700, the record 0600', () => {
    install({ base, browsers: ['chrome', 'firefox'], node: NODE, bundle });
    const dir = installDir(base);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'm2k-probe-host'))).toBe(0o700);
    for (const f of ['config.json', 'installed.json', 'm2k-probe.cjs']) expect(mode(join(dir, f)), f).toBe(0o600);
    for (const b of ['chrome', 'firefox'] as const) {
      expect(mode(manifestDir(base, b)), b).toBe(0o700);
      expect(mode(join(manifestDir(base, b), 'tw.m2k.probe.json')), b).toBe(0o600);
    }
    // Every folder install created on the way, not only the last one.
    for (const d of ['.local', '.local/share', '.config', '.config/google-chrome', '.mozilla'])
      expect(mode(join(base.home, d)), d).toBe(0o700);
  });

  it('the standalone program is copied 0700 and the manifests point straight at it, no launcher', () => {
    const exe = join(root, 'm2k-probe-linux-x64');
    writeFileSync(exe, 'ELF pretend');
    const { plan } = install({ base, browsers: ['chromium'], node: '', bundle: '', executable: exe });
    const copy = join(installDir(base), 'm2k-probe');
    expect(readFileSync(copy, 'utf8')).toBe('ELF pretend');
    expect(mode(copy)).toBe(0o700);
    expect(plan.files.map((f) => f.kind).sort()).toEqual(['config', 'manifest', 'program']);
    const m = JSON.parse(readFileSync(join(manifestDir(base, 'chromium'), 'tw.m2k.probe.json'), 'utf8'));
    expect(m.path).toBe(copy);
    expect(readdirSync(installDir(base)).sort()).toEqual(['config.json', 'installed.json', 'm2k-probe']);
    uninstall(base);
    expect(existsSync(installDir(base))).toBe(false);
  });

  it('an install folder left open by an older version is made private again', () => {
    mkdirSync(installDir(base), { recursive: true, mode: 0o777 });
    install({ base, browsers: ['firefox'], node: NODE, bundle });
    expect(mode(installDir(base))).toBe(0o700);
  });
});

describe('symbolic links', () => {
  it('refuses to write through a link at a manifest path, and leaves its target alone', () => {
    const target = join(root, 'victim.txt');
    writeFileSync(target, 'precious');
    mkdirSync(manifestDir(base, 'firefox'), { recursive: true });
    const link = join(manifestDir(base, 'firefox'), 'tw.m2k.probe.json');
    symlinkSync(target, link);
    expect(() => install({ base, browsers: ['firefox'], node: NODE, bundle })).toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('refuses a link at config.json or at the install folder itself', () => {
    const target = join(root, 'victim.json');
    writeFileSync(target, '{"version":1}');
    mkdirSync(installDir(base), { recursive: true });
    symlinkSync(target, configPath(base));
    expect(() => install({ base, browsers: ['firefox'], node: NODE, bundle })).toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('{"version":1}');

    rmSync(installDir(base), { recursive: true });
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, installDir(base));
    expect(() => install({ base, browsers: ['firefox'], node: NODE, bundle })).toThrow(/symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('a tampered install record', () => {
  it('uninstall deletes only our own files and folders; anything else named is reported and kept', () => {
    install({ base, browsers: ['chrome'], node: NODE, bundle });
    // Someone rewrites the record: files with matching hashes and empty folders far outside.
    const bashrc = join(base.home, '.bashrc');
    writeFileSync(bashrc, 'export PATH\n');
    const other = join(root, 'other-app', 'data.json');
    mkdirSync(join(root, 'other-app'));
    writeFileSync(other, '{}');
    const sneaky = `${installDir(base)}/../../../.bashrc`; // ~/.bashrc, spelled to look like ours
    const emptyDir = join(root, 'empty-elsewhere');
    mkdirSync(emptyDir);
    const rec = JSON.parse(readFileSync(recordPath(base), 'utf8'));
    rec.files.push(
      { path: bashrc, kind: 'config', sha256: sha('export PATH\n') },
      { path: other, kind: 'manifest', target: 'chrome', sha256: sha('{}') },
      { path: sneaky, kind: 'bundle', sha256: sha('export PATH\n') },
    );
    rec.dirs.push(emptyDir, join(root, 'other-app'));
    rec.registry.push({ key: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', target: 'chrome' });
    writeFileSync(recordPath(base), JSON.stringify(rec));

    // Linux has no registry: the record's Windows key must be refused, not handed to `reg`.
    const regCalls: string[][] = [];
    const r = uninstall(base, (a) => void regCalls.push(a));
    expect(regCalls).toEqual([]);
    expect(readFileSync(bashrc, 'utf8')).toBe('export PATH\n');
    expect(readFileSync(other, 'utf8')).toBe('{}');
    expect(existsSync(emptyDir)).toBe(true);
    expect(r.refused.sort()).toEqual(
      [bashrc, other, sneaky, emptyDir, join(root, 'other-app'), 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'].sort(),
    );
    // What install did write is still removed.
    expect(existsSync(join(manifestDir(base, 'chrome'), 'tw.m2k.probe.json'))).toBe(false);
    expect(existsSync(installDir(base))).toBe(false);
  });

  it('Windows: only our host name’s keys are deleted, and a key already gone does not stop the rest', () => {
    const ours = [
      'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\tw.m2k.probe',
      'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\tw.m2k.probe',
      'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\tw.m2k.probe',
    ];
    const foreign = [
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\com.other.host',
    ];
    // A registry as `reg` sees it: the Chrome key was already removed by hand.
    const present = new Set([ours[1], ours[2], ...foreign]);
    const calls: string[][] = [];
    const reg = (args: string[]) => {
      calls.push(args);
      if (!present.has(args[1]!)) throw new Error('ERROR: The system was unable to find the specified registry key or value.');
      if (args[0] === 'delete') present.delete(args[1]!);
    };
    const r = removeRegistryKeys(
      [...ours, ...foreign].map((key) => ({ key })),
      reg,
    );
    expect(r.registryRemoved).toEqual([ours[1], ours[2]]);
    expect(r.registryMissing).toEqual([ours[0]]);
    expect(r.registryFailed).toEqual([]);
    expect(r.refused).toEqual(foreign);
    expect(present).toEqual(new Set(foreign));
    expect(calls.every((a) => ours.includes(a[1]!))).toBe(true);
  });

  it('Windows: a key that exists but cannot be deleted is reported, not claimed removed', () => {
    const key = 'HKCU\\Software\\Chromium\\NativeMessagingHosts\\tw.m2k.probe';
    const r = removeRegistryKeys([{ key }], (args) => {
      if (args[0] === 'delete') throw new Error('ERROR: Access is denied.');
    });
    expect(r).toEqual({ registryRemoved: [], registryMissing: [], registryFailed: [key], refused: [] });
  });
});

describe('an unreadable config.json', () => {
  it('is kept as config.json.bak and named, not silently replaced', () => {
    mkdirSync(installDir(base), { recursive: true });
    const broken = '{"version":1,"allow":["mail.school.example",]}';
    writeFileSync(configPath(base), broken);
    const r = install({ base, browsers: ['firefox'], node: NODE, bundle });
    expect(r.configBackup).toBe(`${configPath(base)}.bak`);
    expect(readFileSync(`${configPath(base)}.bak`, 'utf8')).toBe(broken);
    expect(JSON.parse(readFileSync(configPath(base), 'utf8'))).toEqual(DEFAULT_CONFIG);
  });

  it('a readable one is kept as it is, with no backup', () => {
    mkdirSync(installDir(base), { recursive: true });
    writeFileSync(configPath(base), JSON.stringify({ version: 1, allow: ['mail.school.example'] }));
    const r = install({ base, browsers: ['firefox'], node: NODE, bundle });
    expect(r.configBackup).toBeUndefined();
    expect(JSON.parse(readFileSync(configPath(base), 'utf8')).allow).toEqual(['mail.school.example']);
    expect(existsSync(`${configPath(base)}.bak`)).toBe(false);
  });
});

describe('the Windows launcher (development install through Node)', () => {
  it('is plain ASCII for a profile folder named 王小明, Node under it included', () => {
    const profile = 'C:\\Users\\王小明';
    const win: Base = {
      platform: 'win32',
      home: profile,
      env: { USERPROFILE: profile, LOCALAPPDATA: `${profile}\\AppData\\Local`, APPDATA: `${profile}\\AppData\\Roaming` },
    };
    const node = `${profile}\\AppData\\Roaming\\nvm\\v20.12.0\\node.exe`;
    const plan = planInstall({ base: win, browsers: ['chrome'], node, bundle: '' }, DEFAULT_CONFIG, Buffer.from('x'));
    const text = String(plan.files.find((f) => f.kind === 'launcher')!.content);
    expect(text).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(text).toContain('"%APPDATA%\\nvm\\v20.12.0\\node.exe" "%~dp0m2k-probe.cjs" %*');
    expect(text).toContain('set "M2K_PROBE_CONFIG=%~dp0config.json"');
  });

  it('a non-ASCII Node path outside every profile variable is refused with a way out', () => {
    const win: Base = { platform: 'win32', home: 'C:\\Users\\amy', env: {} };
    expect(() =>
      planInstall({ base: win, browsers: ['chrome'], node: 'D:\\工具\\node.exe', bundle: '' }, DEFAULT_CONFIG, Buffer.from('x')),
    ).toThrow(/m2k-probe program/);
  });
});

it('statSync sanity: the temp HOME really is under umask 000', () => {
  mkdirSync(join(root, 'probe'));
  expect(statSync(join(root, 'probe')).mode & 0o777).toBe(0o777);
});
