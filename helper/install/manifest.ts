/**
 * Contents of what install writes: the host manifest each browser reads, and the launcher the
 * manifest points at. The launcher pins the absolute path of the Node that ran the install
 * (browsers start hosts with a minimal PATH, often without nvm's or Homebrew's node) and of the
 * bundle copied into the install folder (so the repo can move or be rebuilt without breaking it).
 */
import { CHROME_EXTENSION_ID, GECKO_ID, NATIVE_HOST_NAME } from '@/contract/ids';
import { pathFor, type Base, type Browser } from './paths';

const DESCRIPTION = 'Mail2000 Gmail Bridge: mail server reachability probe';

export interface ChromiumManifest {
  name: string;
  description: string;
  path: string;
  type: 'stdio';
  allowed_origins: string[];
}
export interface FirefoxManifest {
  name: string;
  description: string;
  path: string;
  type: 'stdio';
  allowed_extensions: string[];
}

export function hostManifest(
  browser: Browser,
  launcher: string,
  extra: { extensionIds?: string[]; addonIds?: string[] } = {},
): ChromiumManifest | FirefoxManifest {
  if (browser === 'firefox') {
    return {
      name: NATIVE_HOST_NAME,
      description: DESCRIPTION,
      path: launcher,
      type: 'stdio',
      allowed_extensions: unique([GECKO_ID, ...(extra.addonIds ?? [])]),
    };
  }
  return {
    name: NATIVE_HOST_NAME,
    description: DESCRIPTION,
    path: launcher,
    type: 'stdio',
    allowed_origins: unique([CHROME_EXTENSION_ID, ...(extra.extensionIds ?? [])]).map((id) => `chrome-extension://${id}/`),
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** POSIX shell single-quoting: the only character that needs care inside '...' is ' itself. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * cmd.exe reads a batch file in the console's code page, not UTF-8, so the launcher must be plain
 * ASCII: the bundle and config sit next to it (`%~dp0`, expanded by cmd.exe itself), and a Node
 * under the person's profile (e.g. C:\Users\王小明\AppData\Roaming\nvm) is named through the
 * environment variable that holds that folder.
 */
function cmdPath(node: string, env: Base['env']): string {
  if (/^[\x20-\x7e]*$/.test(node)) return node;
  for (const v of ['LOCALAPPDATA', 'APPDATA', 'USERPROFILE', 'ProgramFiles', 'ProgramFiles(x86)']) {
    const dir = env[v];
    if (!dir || !/^[\x20-\x7e]*$/.test(node.slice(dir.length))) continue;
    if (node.toLowerCase().startsWith(dir.toLowerCase() + '\\')) return `%${v}%${node.slice(dir.length)}`;
  }
  throw new Error(`unsupported characters in the Node path ${node}; use the m2k-probe program instead`);
}

/** Launcher text; `node` and `bundle` are absolute paths, `config` the file given to the host. */
export function launcherScript(base: Base, node: string, bundle: string, config: string): string {
  if (base.platform === 'win32') {
    // cmd.exe: double quotes protect spaces; paths cannot contain ". %* passes Chrome's arguments on.
    for (const p of [node, bundle, config]) if (/["%\r\n]/.test(p)) throw new Error(`unsupported character in path: ${p}`);
    const w = pathFor(base);
    const here = (f: string) => (w.dirname(f) === w.dirname(bundle) ? `%~dp0${w.basename(f)}` : f);
    return ['@echo off', `set "M2K_PROBE_CONFIG=${here(config)}"`, `"${cmdPath(node, base.env)}" "${here(bundle)}" %*`, ''].join('\r\n');
  }
  return [
    '#!/bin/sh',
    '# Native messaging host launcher written by `m2k-probe install`; `m2k-probe uninstall` removes it.',
    `M2K_PROBE_CONFIG=${shQuote(config)}`,
    'export M2K_PROBE_CONFIG',
    `exec ${shQuote(node)} ${shQuote(bundle)} "$@"`,
    '',
  ].join('\n');
}
