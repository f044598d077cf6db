/**
 * A throw-away Windows for the tests: Debian's wine 8 in a WINEPREFIX of its own (a temporary
 * folder), so installs, registry keys and uninstalls touch nothing else. Every command has a time
 * limit; `remove()` stops the prefix's wineserver and deletes the folder.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { runProgram, type ProgramRun } from './run-program';

export interface WinePrefix {
  prefix: string;
  /** C:\ as a Linux folder. */
  driveC: string;
  /** %LOCALAPPDATA% and %ProgramFiles% as Linux folders. */
  localAppData: string;
  programFiles: string;
  run(command: string[], timeoutMs?: number, env?: NodeJS.ProcessEnv): Promise<ProgramRun>;
  /** The default (or a named) value of a key, or undefined when the key or value is absent. */
  regQuery(key: string, name?: string): Promise<string | undefined>;
  /** All values and subkeys below `key`, as `reg query /s` prints them ('' when the key is absent); read it with `treeValue`. */
  regTree(key: string): Promise<string>;
  /** Every file and folder under C:\, relative, sorted. */
  files(): string[];
  remove(): Promise<void>;
}

export async function makeWinePrefix(): Promise<WinePrefix> {
  const root = mkdtempSync(path.join(tmpdir(), 'm2k-wine-'));
  const prefix = path.join(root, 'prefix');
  // wine links the Windows user's Documents, Desktop … to folders of $HOME: a HOME of its own keeps
  // them inside. No display, no Mono or Gecko installers, only error messages from wine itself.
  const home = path.join(root, 'home');
  mkdirSync(home);
  const env = { ...process.env, HOME: home, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', DISPLAY: '' };
  let runs = 0;
  // Output goes to files, and a run ends when the command exits: wine's own background processes
  // (services.exe, the installer service) outlive commands and would hold a pipe open for ever.
  const run = (command: string[], timeoutMs = 180_000, more: NodeJS.ProcessEnv = {}) =>
    runProgram(command, [], { env: { ...env, ...more }, cwd: root, timeoutMs, outputFiles: path.join(root, `run-${runs++}`) });
  const boot = await run(['wineboot', '--init']);
  if (boot.code !== 0) throw new Error(`wineboot failed (${boot.code}): ${boot.stderr.slice(0, 500)}`);
  await run(['wineserver', '--wait']);
  // One wineserver for the prefix's whole life: each wine command then starts in a fraction of the
  // time. It leaves the foreground at once; without our pipes, or waiting for them would never end.
  const server = spawnSync('wineserver', ['--persistent'], { env, cwd: root, stdio: 'ignore', timeout: 60_000 });
  if (server.status !== 0) throw new Error(`wineserver --persistent failed (${server.status ?? server.signal})`);
  const driveC = path.join(prefix, 'drive_c');
  const user = path.join(driveC, 'users', userInfo().username);
  const regQuery = async (key: string, name?: string) => {
    const r = await run(['wine', 'reg', 'query', key, ...(name ? ['/v', name] : ['/ve'])]);
    if (r.code !== 0) return undefined;
    const m = new RegExp(
      `^\\s+${name ? name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '\\(Default\\)'}\\s+REG_\\w+\\s+(.*?)\\s*$`,
      'm',
    ).exec(r.stdout);
    return m?.[1];
  };
  const walk = (dir: string, rel = ''): string[] =>
    readdirSync(path.join(dir, rel)).flatMap((n) => {
      const r = path.posix.join(rel, n);
      // Links are listed, never followed (wine links shell folders and drives outside the prefix).
      return lstatSync(path.join(dir, r)).isDirectory() ? [`${r}/`, ...walk(dir, r)] : [r];
    });
  return {
    prefix,
    driveC,
    localAppData: path.join(user, 'AppData', 'Local'),
    programFiles: path.join(driveC, 'Program Files'),
    run,
    regQuery,
    regTree: async (key) => {
      const r = await run(['wine', 'reg', 'query', key, '/s']);
      return r.code === 0 ? r.stdout.replace(/\r/g, '') : '';
    },
    files: () => walk(driveC).sort(),
    remove: async () => {
      await run(['wineserver', '--kill']).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A value (the default one unless named) of `key` in a `regTree` listing, or undefined. */
export function treeValue(tree: string, key: string, name?: string): string | undefined {
  const block = tree.split(/\n(?=HKEY_)/).find((b) => b.split('\n', 1)[0]!.trim().toLowerCase() === longHive(key).toLowerCase());
  const line = block
    ?.split('\n')
    .slice(1)
    .find((l) => l.trim().startsWith(`${name ?? '(Default)'} `));
  return line ? /^\s*.+?\s{2,}REG_\w+\s{2,}(.*?)\s*$/.exec(line)?.[1] : undefined;
}

const longHive = (key: string) => key.replace(/^HKCU\\/, 'HKEY_CURRENT_USER\\').replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\');
