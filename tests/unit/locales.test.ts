// Every visible string comes from public/_locales: both locales carry the same keys with real text,
// and every key the source asks for exists. Fails on a missing key in either locale.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
const ROOT = process.cwd();
const load = (lang: string) =>
  JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8')) as Record<string, Entry>;
const LOCALES = { zh_TW: load('zh_TW'), en: load('en') };

const SOURCE_DIRS = ['entrypoints', 'components', 'utils', 'helper'];
const walk = (dir: string): string[] => {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (/\.(tsx?|mts|html|json)$/.test(n) && !/\.d\.ts$/.test(n)) out.push(p);
  }
  return out;
};
const sources = [...SOURCE_DIRS.flatMap((d) => walk(join(ROOT, d))), join(ROOT, 'wxt.config.ts')];

interface Use {
  file: string;
  key: string;
  /** From a template literal like t(`opt_port_${s}`): only the fixed prefix is known. */
  prefix: boolean;
}
/** Keys used in source: t('k'), t("k"), t(`k`), t(`k_${x}`), getMessage('k'), __MSG_k__. */
export function findKeyUses(file: string, text: string): Use[] {
  const uses: Use[] = [];
  const rel = relative(ROOT, file);
  for (const m of text.matchAll(/\b(?:t|getMessage)\(\s*(['"])([A-Za-z0-9_@]+)\1/g)) uses.push({ file: rel, key: m[2]!, prefix: false });
  for (const m of text.matchAll(/\b(?:t|getMessage)\(\s*`([A-Za-z0-9_]*)(\$\{)?[^`]*`/g)) {
    if (m[1]) uses.push({ file: rel, key: m[1], prefix: Boolean(m[2]) });
  }
  for (const m of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) uses.push({ file: rel, key: m[1]!, prefix: false });
  return uses;
}

describe('locale files', () => {
  it('zh_TW and en have exactly the same keys', () => {
    const zh = Object.keys(LOCALES.zh_TW).sort();
    const en = Object.keys(LOCALES.en).sort();
    expect(
      zh.filter((k) => !en.includes(k)),
      'missing from en',
    ).toEqual([]);
    expect(
      en.filter((k) => !zh.includes(k)),
      'missing from zh_TW',
    ).toEqual([]);
    expect(zh.length).toBeGreaterThan(2);
  });

  it('every message is real text in both locales', () => {
    for (const [lang, msgs] of Object.entries(LOCALES)) {
      for (const [k, v] of Object.entries(msgs)) {
        expect(typeof v.message, `${lang}:${k}`).toBe('string');
        expect(v.message.trim().length, `${lang}:${k} is empty`).toBeGreaterThan(0);
        expect(v.message, `${lang}:${k}`).not.toMatch(/TODO|FIXME|⟦/);
      }
    }
  });

  it('placeholders used in a message are defined, and the same in both locales', () => {
    for (const [lang, msgs] of Object.entries(LOCALES)) {
      for (const [k, v] of Object.entries(msgs)) {
        for (const m of v.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)) {
          const name = m[1]!.toLowerCase();
          const defined = Object.keys(v.placeholders ?? {}).map((p) => p.toLowerCase());
          expect(defined, `${lang}:${k} uses $${m[1]}$`).toContain(name);
        }
      }
    }
    for (const [k, zh] of Object.entries(LOCALES.zh_TW)) {
      const en = LOCALES.en[k];
      if (!en) continue;
      expect(Object.keys(zh.placeholders ?? {}).sort(), k).toEqual(Object.keys(en.placeholders ?? {}).sort());
    }
  });

  it('the manifest name and description come from the locales', () => {
    const cfg = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    expect(cfg).toContain('__MSG_extName__');
    expect(cfg).toContain('__MSG_extDescription__');
  });
});

describe('keys used in source', () => {
  const uses = sources.flatMap((f) => findKeyUses(f, readFileSync(f, 'utf8')));

  it('finds the uses it is meant to find (the scanner itself)', () => {
    const found = findKeyUses('x.tsx', "t('a_b'); t(\"c\"); t(`d_${x}`); browser.i18n.getMessage('e'); '__MSG_f__'; const z = at('no');");
    expect(found.map((u) => [u.key, u.prefix])).toEqual([
      ['a_b', false],
      ['c', false],
      ['e', false],
      ['d_', true],
      ['f', false],
    ]);
    expect(uses.length).toBeGreaterThan(20);
  });

  it.each(['zh_TW', 'en'] as const)('every key used exists in %s', (lang) => {
    const keys = Object.keys(LOCALES[lang]);
    const missing = uses
      .filter((u) => (u.prefix ? !keys.some((k) => k.startsWith(u.key)) : !(u.key in LOCALES[lang]) && !u.key.startsWith('@@')))
      .map((u) => `${u.file}: ${u.key}${u.prefix ? '…' : ''}`);
    expect(missing).toEqual([]);
  });
});
