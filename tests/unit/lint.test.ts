// The conventions lint (scripts/lint.mjs) on a small tree with one break of each rule, and on a clean one.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const tree = (files: Record<string, string>): string => {
  const root = mkdtempSync(join(tmpdir(), 'm2k-lint-'));
  dirs.push(root);
  writeFileSync(
    join(root, '.prettierrc.json'),
    JSON.stringify({ printWidth: 140, singleQuote: true, trailingComma: 'all' }, null, 2) + '\n',
  );
  // What knip needs to judge the small tree: its package, the `@/` alias, and where its code starts
  // (written as Prettier writes them, so the formatter rule has nothing to say about them).
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'tree', private: true, dependencies: { zod: '*' } }, null, 2) + '\n');
  writeFileSync(
    join(root, 'tsconfig.json'),
    '{\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": {\n      "@/*": ["./*"]\n    }\n  }\n}\n',
  );
  writeFileSync(join(root, 'knip.json'), '{\n  "entry": ["entrypoints/*/main.ts", "helper/main.ts"],\n  "project": ["**/*.ts"]\n}\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
};
const lint = (root: string) =>
  spawnSync(process.execPath, ['scripts/lint.mjs'], { env: { ...process.env, M2K_LINT_ROOT: root }, encoding: 'utf8' });
/** The lint fails on the tree; its problem lines that `keep` selects, sorted. */
const failsWith = (root: string, keep: (line: string) => boolean): string[] => {
  const r = lint(root);
  expect(r.status).toBe(1);
  return r.stderr.split('\n').filter(keep).sort();
};

// Each case runs the whole lint, knip included, in a child process: seconds on a busy machine, not milliseconds.
describe('scripts/lint.mjs', { timeout: 60_000 }, () => {
  it('passes a tree that keeps the rules', () => {
    const root = tree({
      'contract/limits.ts': 'export const MAX = 1;\n',
      'helper/main.ts': "import { MAX } from '@/contract/limits';\nimport { x } from './x';\n\nexport const y = MAX + x;\n",
      'helper/x.ts': 'export const x = 1;\n',
      'entrypoints/popup/main.ts':
        "import * as z from 'zod/mini';\nimport { MAX } from '@/contract/limits';\n\nexport const s = z.number().check(z.maximum(MAX));\n",
    });
    const r = lint(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('names every broken rule', () => {
    const root = tree({
      'contract/limits.ts': "import { t } from '@/utils/i18n';\n\nexport const MAX = t;\n",
      'utils/i18n.ts': 'export const t = 1;\n',
      'utils/old.ts': "import { z } from 'zod';\nimport { t } from '@/utils/i18n';\n\nexport const s = z.string() ?? t;\n",
      'helper/main.ts': "import { t } from '@/utils/i18n';\n\nexport const y = t;\n",
      'entrypoints/popup/main.ts': "import { b } from '../background/x';\n\nexport const p = [b];\n",
      'entrypoints/background/x.ts': "import { t } from '../../utils/i18n';\n\n// As DESIGN.md says.\nexport const b = t;\n",
      'utils/ugly.ts': 'export const   ugly =   1\n',
      'utils/owned.ts': '// The wizard texts, owned by the wizard work (c1).\nexport const owned = 1;\n',
    });
    const r = lint(root);
    expect(r.status).toBe(1);
    const out = r.stderr;
    expect(out).toContain("contract/limits.ts: contract/ imports '@/utils/i18n'");
    expect(out).toContain("utils/old.ts: imports classic 'zod'");
    expect(out).toContain("utils/old.ts: imports '@/utils/i18n' inside utils/");
    expect(out).toContain("helper/main.ts: the helper imports '@/utils/i18n'");
    expect(out).toContain("entrypoints/popup/main.ts: entrypoint imports another entrypoint: '../background/x'");
    expect(out).toContain("entrypoints/background/x.ts: imports '../../utils/i18n' across top-level folders");
    expect(out).toContain('entrypoints/background/x.ts: refers to something outside the repository: "DESIGN.md"');
    expect(out).toContain('utils/ugly.ts: not formatted');
    expect(out).toContain('utils/owned.ts: refers to something outside the repository: "(c1)"');
  });

  it('names a repository path in a comment or a document that does not exist, and nothing else', () => {
    const root = tree({
      'utils/gmail/labels.ts': 'export const LABELS = 1;\n',
      'utils/here.ts': [
        '/**',
        ' * Reads utils/gmail/labels.ts (and `@/utils/gmail/labels`), once kept in utils/labels.ts; see also',
        ' * gmail/labels.ts, gmail/gone.ts, labels.ts and vanished.ts. Built into dist/helper/m2k-probe.cjs,',
        ' * keys in utils/i18n/keys.generated.ts; read at https://example.test/utils/nowhere.ts.',
        ' */',
        "export const where = 'utils/not-a-comment.ts';",
        '',
      ].join('\n'),
      'docs/guide.md': [
        '# Guide',
        '',
        '## Layout',
        '',
        'Code in `utils/`, tests in `tests/unit/`, labels in `utils/gmail/*.ts`, zips in `.output/<name>.zip`.',
        'See docs/guide.md, "Layout", and docs/guide.md, "Setup".',
        '',
      ].join('\n'),
    });
    expect(failsWith(root, (l) => l.includes(' names '))).toEqual(
      [
        "utils/here.ts:2: names 'utils/labels.ts', which does not exist",
        "utils/here.ts:3: names 'gmail/gone.ts', which no file ends with it",
        "utils/here.ts:3: names 'vanished.ts.', which no file has this name",
        "docs/guide.md:5: names 'tests/unit/', which does not exist",
        'docs/guide.md:6: names the section "Setup" of docs/guide.md, which has no such heading',
      ].sort(),
    );
  });

  it('names a hand-written browser shim outside the tests, and not wxt/browser', () => {
    const root = tree({
      'entrypoints/popup/main.ts': [
        "import { browser } from 'wxt/browser';",
        "import { a } from '@/utils/a';",
        "import { b } from '@/utils/b';",
        "import { c } from '@/utils/c';",
        '',
        'export const p = [browser, a, b, c];',
        '',
      ].join('\n'),
      'utils/a.ts': 'export const a = () => (globalThis as { chrome?: { runtime: object } }).chrome?.runtime;\n',
      'utils/b.ts': [
        'interface I18n {',
        '  getMessage(key: string): string;',
        '}',
        'export const b = () => {',
        '  const g = globalThis as { browser?: { i18n: I18n }; chrome?: { i18n: I18n } };',
        '  return (g.browser ?? g.chrome)?.i18n;',
        '};',
        '',
      ].join('\n'),
      'utils/c.ts': "import polyfill from 'webextension-polyfill';\n\nexport const c = globalThis.browser ?? polyfill;\n",
      // A test gives Node its stand-in browser: allowed there.
      'tests/unit/x.test.ts': '(globalThis as { chrome?: object }).chrome = {};\n',
    });
    expect(failsWith(root, (l) => (l.includes('by hand') || l.includes('polyfill')) && !l.endsWith('(knip)'))).toEqual(
      [
        'utils/a.ts: reaches the browser by hand ("(globalThis as { chrome?: { runtime: object } }).chrome"); import { browser } from \'wxt/browser\'',
        'utils/b.ts: reaches the browser by hand ("globalThis as { browser?:"); import { browser } from \'wxt/browser\'',
        'utils/c.ts: reaches the browser by hand ("globalThis.browser"); import { browser } from \'wxt/browser\'',
        "utils/c.ts: imports 'webextension-polyfill'; use 'wxt/browser', the browser's own object",
      ].sort(),
    );
  });

  it('names dead code: an export nothing imports, a file nothing imports, a dependency nothing uses', () => {
    const root = tree({
      'helper/main.ts': "import { used } from './lib';\n\nexport const y = used;\n",
      'helper/lib.ts': 'export const used = 1;\nexport const unused = 2;\n',
      'helper/orphan.ts': 'export const lost = 1;\n',
    });
    expect(failsWith(root, (l) => l.endsWith('(knip)'))).toEqual(
      [
        "helper/lib.ts:2: exports 'unused', which nothing imports (knip)",
        'helper/orphan.ts: nothing imports this file (knip)',
        "package.json:5: lists the dependency 'zod', which nothing uses (knip)",
      ].sort(),
    );
  });
});
