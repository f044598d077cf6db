/**
 * The example policy files in docs/deploy/ (the ones docs/deploy.md tells IT staff to copy), read
 * the way each browser reads them, so the unit tests can check that every form says the same thing
 * and the browser tests can load the very files:
 * - Chrome, Chromium and Edge on Linux: `…/policies/managed/*.json`;
 * - Firefox: `policies.json`;
 * - Chrome and Edge on Windows: registry keys (a `.reg` file);
 * - Chrome and Edge on macOS: a configuration profile (`.mobileconfig`, an XML property list).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './browsers/paths';

export const EXAMPLES_DIR = resolve(REPO_ROOT, 'docs/deploy');
export const EXAMPLE = {
  chromeSettings: resolve(EXAMPLES_DIR, 'chrome-settings.json'),
  chromeInstall: resolve(EXAMPLES_DIR, 'chrome-install.json'),
  firefox: resolve(EXAMPLES_DIR, 'firefox-policies.json'),
  windowsReg: resolve(EXAMPLES_DIR, 'chrome-edge-windows.reg'),
  macos: resolve(EXAMPLES_DIR, 'chrome-edge-macos.mobileconfig'),
} as const;

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

type Plist = string | number | boolean | Plist[] | { [k: string]: Plist };

/** An XML property list (what a .mobileconfig is) as plain data: dict, array, string, integer, true, false. */
export function readPlist(xml: string): Plist {
  const tokens = xml
    .replace(/<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g, '')
    .match(/<[^>]+>|[^<]+/g)!
    .map((s) => s.trim())
    .filter(Boolean);
  let i = 0;
  const text = (tag: string): string => {
    const t = tokens[i] === `</${tag}>` ? '' : tokens[i++]!;
    if (tokens[i++] !== `</${tag}>`) throw new Error(`plist: <${tag}> not closed near token ${i}`);
    return t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  };
  const value = (): Plist => {
    const tag = tokens[i++];
    switch (tag) {
      case '<dict>': {
        const out: Record<string, Plist> = {};
        while (tokens[i] !== '</dict>') {
          if (tokens[i++] !== '<key>') throw new Error(`plist: a dict entry without <key> near token ${i}`);
          const k = text('key');
          out[k] = value();
        }
        i++;
        return out;
      }
      case '<array>': {
        const out: Plist[] = [];
        while (tokens[i] !== '</array>') out.push(value());
        i++;
        return out;
      }
      case '<string>':
        return text('string');
      case '<integer>':
        return Number(text('integer'));
      case '<true/>':
        return true;
      case '<false/>':
        return false;
      default:
        throw new Error(`plist: unexpected ${tag}`);
    }
  };
  if (tokens[i++] !== '<plist version="1.0">') throw new Error('plist: no <plist version="1.0">');
  const root = value();
  if (tokens[i] !== '</plist>') throw new Error('plist: content after the root value');
  return root;
}

type RegValue = string | number;
/** A .reg file (Windows Registry Editor 5.00): key path → value name → string or DWORD. */
export function readReg(text: string): Map<string, Map<string, RegValue>> {
  const lines = text.split(/\r?\n/);
  if (lines[0] !== 'Windows Registry Editor Version 5.00') throw new Error('reg: missing header');
  const keys = new Map<string, Map<string, RegValue>>();
  let current: Map<string, RegValue> | undefined;
  for (const line of lines.slice(1)) {
    if (!line.trim() || line.startsWith(';')) continue;
    const key = /^\[([^\]]+)\]$/.exec(line);
    if (key) {
      current = new Map();
      keys.set(key[1]!, current);
      continue;
    }
    const entry = /^"([^"]+)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/.exec(line);
    if (!entry || !current) throw new Error(`reg: cannot read ${line}`);
    current.set(entry[1]!, entry[2] !== undefined ? entry[2].replace(/\\(.)/g, '$1') : parseInt(entry[3]!, 16));
  }
  return keys;
}

type JsonSchema = { type: string; properties?: Record<string, JsonSchema> };

/**
 * The value Chrome reads from the registry under `root` for an extension's policy: subkeys are
 * objects, and a DWORD is a boolean or an integer as the extension's schema says.
 */
export function regToPolicy(keys: Map<string, Map<string, RegValue>>, root: string, schema: JsonSchema): Record<string, unknown> {
  const read = (path: string, s: JsonSchema): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, v] of keys.get(path) ?? []) {
      const type = s.properties?.[name]?.type;
      if (type === undefined) throw new Error(`reg: ${path}\\${name} is not in the schema`);
      if (type === 'boolean' && typeof v === 'number') out[name] = v !== 0;
      else if (type === 'integer' && typeof v === 'number') out[name] = v;
      else if (type === 'string' && typeof v === 'string') out[name] = v;
      else throw new Error(`reg: ${path}\\${name} is not a ${type}`);
    }
    for (const sub of keys.keys()) {
      const rest = sub.startsWith(`${path}\\`) ? sub.slice(path.length + 1) : '';
      if (!rest || rest.includes('\\')) continue;
      const s2 = s.properties?.[rest];
      if (s2?.type !== 'object') throw new Error(`reg: ${sub} is not an object in the schema`);
      out[rest] = read(sub, s2);
    }
    return out;
  };
  if (!keys.has(root)) throw new Error(`reg: no key ${root}`);
  return read(root, schema);
}
