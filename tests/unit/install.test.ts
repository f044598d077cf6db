// Installer against a temporary HOME and user-data-dir (real files), and the macOS / Windows
// layouts as pure plans (their paths and `reg` commands are data, checked here on Linux).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { install, planInstall, detectBrowsers } from '@/helper/install/install';
import { InstallError } from '@/helper/install/install-error';
import { status } from '@/helper/install/status';
import { uninstall } from '@/helper/install/uninstall';
import { installDir, manifestDir, type Base } from '@/helper/install/paths';
import { regAddArgs, regDeleteArgs, parseRegQuery } from '@/helper/install/windows';
import { launcherScript, shQuote } from '@/helper/install/manifest';
import { DEFAULT_CONFIG, loadConfig } from '@/helper/config';
import { CHROME_ORIGIN, GECKO_ID, NATIVE_HOST_NAME } from '@/contract/ids';

let root: string;
let base: Base;
let bundle: string;
const NODE = '/opt/node with space/bin/node';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'm2k-install-'));
  mkdirSync(join(root, 'home'));
  base = { platform: 'linux', home: join(root, 'home'), env: {} };
  bundle = join(root, 'bundle.cjs');
  writeFileSync(bundle, '#!/usr/bin/env node\nconsole.log("bundle")\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Every file under dir, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), r);
      else out.push(r);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out.sort();
}

describe('install on Linux into a temporary HOME', () => {
  it('writes manifests for the named browsers, a launcher pinned to this Node, the bundle copy, config and record', () => {
    const { plan } = install({ base, browsers: ['chrome', 'firefox'], allow: ['127.0.0.1:10110+10995'], node: NODE, bundle });
    expect(plan.targets).toEqual(['chrome', 'firefox']);
    expect(tree(base.home)).toEqual([
      '.config/google-chrome/NativeMessagingHosts/tw.m2k.probe.json',
      '.local/share/m2k-probe/config.json',
      '.local/share/m2k-probe/installed.json',
      '.local/share/m2k-probe/m2k-probe-host',
      '.local/share/m2k-probe/m2k-probe.cjs',
      '.mozilla/native-messaging-hosts/tw.m2k.probe.json',
    ]);
    const dir = join(base.home, '.local/share/m2k-probe');
    const launcher = join(dir, 'm2k-probe-host');
    const chrome = JSON.parse(readFileSync(join(base.home, '.config/google-chrome/NativeMessagingHosts/tw.m2k.probe.json'), 'utf8'));
    expect(chrome).toEqual({
      name: NATIVE_HOST_NAME,
      description: expect.any(String),
      path: launcher,
      type: 'stdio',
      allowed_origins: [CHROME_ORIGIN],
    });
    const firefox = JSON.parse(readFileSync(join(base.home, '.mozilla/native-messaging-hosts/tw.m2k.probe.json'), 'utf8'));
    expect(firefox).toEqual({
      name: NATIVE_HOST_NAME,
      description: expect.any(String),
      path: launcher,
      type: 'stdio',
      allowed_extensions: [GECKO_ID],
    });
    const sh = readFileSync(launcher, 'utf8');
    expect(sh).toContain(`exec '/opt/node with space/bin/node' '${join(dir, 'm2k-probe.cjs')}' "$@"`);
    expect(sh).toContain(`M2K_PROBE_CONFIG='${join(dir, 'config.json')}'`);
    expect(statSync(launcher).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'm2k-probe.cjs'), 'utf8')).toBe(readFileSync(bundle, 'utf8'));
    expect(loadConfig(join(dir, 'config.json'))).toEqual({
      path: join(dir, 'config.json'),
      config: { ...DEFAULT_CONFIG, allow: ['127.0.0.1:10110+10995'] },
    });
  });

  it('uninstall removes exactly what install wrote, including the folders it created', () => {
    mkdirSync(join(base.home, '.config/google-chrome/Default'), { recursive: true });
    writeFileSync(join(base.home, '.config/google-chrome/Default/Preferences'), '{}');
    const before = tree(base.home);
    install({ base, browsers: ['chrome', 'chromium', 'edge', 'brave', 'firefox'], node: NODE, bundle });
    expect(tree(base.home).length).toBe(before.length + 5 + 4);
    const r = uninstall(base);
    expect(r.wasInstalled).toBe(true);
    expect(r.kept).toEqual([]);
    expect(tree(base.home)).toEqual(before);
    // Folders install created are gone; the browser's own folder stays.
    expect(existsSync(join(base.home, '.mozilla'))).toBe(false);
    expect(existsSync(join(base.home, '.config/chromium'))).toBe(false);
    expect(existsSync(join(base.home, '.config/google-chrome/NativeMessagingHosts'))).toBe(false);
    expect(existsSync(join(base.home, '.config/google-chrome/Default/Preferences'))).toBe(true);
    expect(existsSync(installDir(base))).toBe(false);
    expect(uninstall(base).wasInstalled).toBe(false);
  });

  it('leaves a file changed since install, and a folder that gained other files', () => {
    install({ base, browsers: ['firefox'], node: NODE, bundle });
    const manifest = join(manifestDir(base, 'firefox'), 'tw.m2k.probe.json');
    writeFileSync(manifest, '{"someone":"else"}');
    writeFileSync(join(manifestDir(base, 'firefox'), 'other.host.json'), '{}');
    expect(status(base).files.find((f) => f.path === manifest)?.state).toBe('changed');
    const r = uninstall(base);
    expect(r.kept).toEqual([manifest]);
    expect(readFileSync(manifest, 'utf8')).toBe('{"someone":"else"}');
    expect(existsSync(join(manifestDir(base, 'firefox'), 'other.host.json'))).toBe(true);
  });

  it('installs into a custom Chromium user-data-dir instead of the per-user folder', () => {
    const udd = join(root, 'profile');
    const { plan } = install({ base, browsers: ['chromium'], userDataDir: udd, node: NODE, bundle, extensionIds: ['a'.repeat(32)] });
    expect(plan.targets).toEqual(['custom']);
    const m = JSON.parse(readFileSync(join(udd, 'NativeMessagingHosts', 'tw.m2k.probe.json'), 'utf8'));
    expect(m.allowed_origins).toEqual([CHROME_ORIGIN, `chrome-extension://${'a'.repeat(32)}/`]);
    expect(existsSync(join(base.home, '.config/chromium'))).toBe(false);
    uninstall(base);
    expect(existsSync(udd)).toBe(false); // install created it, it was empty again
  });

  it('re-install unites allow-lists and records, so uninstall still removes everything', () => {
    install({ base, browsers: ['chrome'], allow: ['a.example'], node: NODE, bundle });
    install({ base, browsers: ['firefox'], allow: ['127.0.0.1:2525'], node: NODE, bundle });
    const s = status(base);
    expect(s.installed).toBe(true);
    expect(s.allow).toEqual(['mail.au.edu.tw', 'a.example', '127.0.0.1:2525']);
    expect(s.files.map((f) => f.target ?? f.kind).sort()).toEqual(['bundle', 'chrome', 'config', 'firefox', 'launcher']);
    expect(s.files.every((f) => f.state === 'ok')).toBe(true);
    uninstall(base);
    expect(tree(base.home)).toEqual([]);
  });

  it('status reports missing files and manifests written by someone else', () => {
    install({ base, browsers: ['chrome'], node: NODE, bundle });
    rmSync(join(installDir(base), 'm2k-probe.cjs'));
    mkdirSync(manifestDir(base, 'brave'), { recursive: true });
    writeFileSync(join(manifestDir(base, 'brave'), 'tw.m2k.probe.json'), '{}');
    const s = status(base);
    expect(s.files.find((f) => f.kind === 'bundle')?.state).toBe('missing');
    expect(s.foreign).toEqual([{ target: 'brave', path: join(manifestDir(base, 'brave'), 'tw.m2k.probe.json') }]);
  });

  it('`all` means the browsers that have a profile here, and says so when there is none', () => {
    expect(() => install({ base, browsers: 'all', node: NODE, bundle })).toThrow(InstallError);
    mkdirSync(join(base.home, '.config/chromium'), { recursive: true });
    mkdirSync(join(base.home, '.mozilla/firefox'), { recursive: true });
    expect(detectBrowsers(base)).toEqual(['chromium', 'firefox']);
    expect(install({ base, browsers: 'all', node: NODE, bundle }).plan.targets).toEqual(['chromium', 'firefox']);
  });

  it('refuses a relative node path, a missing bundle and a bad allow spec', () => {
    expect(() => install({ base, browsers: ['chrome'], node: 'node', bundle })).toThrow(/absolute/);
    expect(() => install({ base, browsers: ['chrome'], node: NODE, bundle: join(root, 'nope.cjs') })).toThrow(/npm run build/);
    expect(() => install({ base, browsers: ['chrome'], node: NODE, bundle, allow: ['x:0'] })).toThrow(/port/);
    expect(tree(base.home)).toEqual([]);
  });

  it('honours XDG_CONFIG_HOME and XDG_DATA_HOME', () => {
    const b: Base = { ...base, env: { XDG_CONFIG_HOME: join(root, 'cfg'), XDG_DATA_HOME: join(root, 'data') } };
    install({ base: b, browsers: ['chromium'], node: NODE, bundle });
    expect(existsSync(join(root, 'cfg/chromium/NativeMessagingHosts/tw.m2k.probe.json'))).toBe(true);
    expect(existsSync(join(root, 'data/m2k-probe/m2k-probe-host'))).toBe(true);
  });
});

describe('macOS and Windows layouts (pure)', () => {
  const bytes = Buffer.from('x');
  it('macOS: Application Support folders per browser', () => {
    const mac: Base = { platform: 'darwin', home: '/Users/amy', env: {} };
    const plan = planInstall(
      { base: mac, browsers: ['chrome', 'chromium', 'edge', 'brave', 'firefox'], node: '/usr/local/bin/node', bundle: '' },
      DEFAULT_CONFIG,
      bytes,
    );
    const AS = '/Users/amy/Library/Application Support';
    expect(plan.files.filter((f) => f.kind === 'manifest').map((f) => f.path)).toEqual([
      `${AS}/Google/Chrome/NativeMessagingHosts/tw.m2k.probe.json`,
      `${AS}/Chromium/NativeMessagingHosts/tw.m2k.probe.json`,
      `${AS}/Microsoft Edge/NativeMessagingHosts/tw.m2k.probe.json`,
      `${AS}/BraveSoftware/Brave-Browser/NativeMessagingHosts/tw.m2k.probe.json`,
      `${AS}/Mozilla/NativeMessagingHosts/tw.m2k.probe.json`,
    ]);
    expect(plan.dir).toBe(`${AS}/m2k-probe`);
    expect(plan.registry).toEqual([]);
  });

  it('Windows: manifests in the install folder, HKCU keys pointing at them, a .cmd launcher', () => {
    const win: Base = { platform: 'win32', home: 'C:\\Users\\Amy', env: { LOCALAPPDATA: 'C:\\Users\\Amy\\AppData\\Local' } };
    const node = 'C:\\Program Files\\nodejs\\node.exe';
    const plan = planInstall(
      { base: win, browsers: ['chrome', 'edge', 'brave', 'chromium', 'firefox'], node, bundle: '' },
      DEFAULT_CONFIG,
      bytes,
    );
    const dir = 'C:\\Users\\Amy\\AppData\\Local\\m2k-probe';
    expect(plan.dir).toBe(dir);
    expect(plan.registry.map((r) => r.args)).toEqual([
      [
        'add',
        'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\tw.m2k.probe',
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        `${dir}\\manifests\\chrome\\tw.m2k.probe.json`,
        '/f',
      ],
      [
        'add',
        'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\tw.m2k.probe',
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        `${dir}\\manifests\\edge\\tw.m2k.probe.json`,
        '/f',
      ],
      [
        'add',
        'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\tw.m2k.probe',
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        `${dir}\\manifests\\brave\\tw.m2k.probe.json`,
        '/f',
      ],
      [
        'add',
        'HKCU\\Software\\Chromium\\NativeMessagingHosts\\tw.m2k.probe',
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        `${dir}\\manifests\\chromium\\tw.m2k.probe.json`,
        '/f',
      ],
      [
        'add',
        'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\tw.m2k.probe',
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        `${dir}\\manifests\\firefox\\tw.m2k.probe.json`,
        '/f',
      ],
    ]);
    const launcher = plan.files.find((f) => f.kind === 'launcher')!;
    expect(launcher.path).toBe(`${dir}\\m2k-probe-host.cmd`);
    // Next to the launcher: cmd.exe expands %~dp0 itself, so the file stays ASCII for any profile name.
    expect(String(launcher.content)).toBe(`@echo off\r\nset "M2K_PROBE_CONFIG=%~dp0config.json"\r\n"${node}" "%~dp0m2k-probe.cjs" %*\r\n`);
    const chrome = JSON.parse(String(plan.files.find((f) => f.target === 'chrome')!.content));
    expect(chrome.path).toBe(launcher.path);
    expect(regDeleteArgs(plan.registry[0]!.key)).toEqual([
      'delete',
      'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\tw.m2k.probe',
      '/f',
    ]);
    expect(regAddArgs('firefox', 'C:\\m.json')[1]).toBe('HKCU\\Software\\Mozilla\\NativeMessagingHosts\\tw.m2k.probe');
    expect(
      parseRegQuery(
        '\r\nHKEY_CURRENT_USER\\Software\\Mozilla\\NativeMessagingHosts\\tw.m2k.probe\r\n    (Default)    REG_SZ    C:\\a b\\m.json\r\n',
      ),
    ).toBe('C:\\a b\\m.json');
    expect(() => planInstall({ base: win, browsers: ['chrome'], userDataDir: 'C:\\p', node, bundle: '' }, DEFAULT_CONFIG, bytes)).toThrow(
      /Windows/,
    );
  });

  it('quotes paths for sh and refuses what cmd.exe cannot quote', () => {
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(() => launcherScript({ platform: 'win32', home: 'C:\\Users\\A', env: {} }, 'C:\\a"b\\node.exe', 'C:\\b', 'C:\\c')).toThrow(
      /unsupported/,
    );
  });
});

describe('safety', () => {
  it('never applies another platform’s layout to this machine', () => {
    const win: Base = { platform: 'win32', home: root, env: { LOCALAPPDATA: root } };
    expect(() => install({ base: win, browsers: ['chrome'], node: 'C:\\node.exe', bundle, runReg: () => {} })).toThrow(/cannot apply/);
    expect(() => uninstall(win, () => {})).toThrow(/cannot apply/);
  });
});
