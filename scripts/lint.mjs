#!/usr/bin/env node
// The project's conventions as checks (docs/architecture.md, "Rules the lint enforces"): who may
// import what, one import style, zod/mini only, no comment pointing outside the repository, no
// repository path named that does not exist, no dead code (knip), and the formatter.
// `npm run lint`, also run by `npm test`. Exit 1 with one line per problem.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { namedPathProblems } from './lint-paths.mjs';
import { deadCodeProblems } from './lint-dead-code.mjs';

// M2K_LINT_ROOT lets the lint's own test run it on a small tree with known problems.
const ROOT = process.env.M2K_LINT_ROOT ? resolve(process.env.M2K_LINT_ROOT) : resolve(dirname(new URL(import.meta.url).pathname), '..');
const PRETTIER = join(dirname(new URL(import.meta.url).pathname), '..', 'node_modules/prettier/bin/prettier.cjs');
const SOURCE_DIRS = ['contract', 'helper', 'utils', 'entrypoints', 'components', 'tests', 'scripts'];
const IGNORED_DIRS = new Set(['node_modules', 'fixtures', 'fixture-ext', '.tmp']);

const walk = (dir) => {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!IGNORED_DIRS.has(name)) out.push(...walk(p));
    } else if (/\.(ts|tsx|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.generated.ts')) out.push(p);
  }
  return out;
};

const rel = (p) => relative(ROOT, p).split(sep).join('/');
const topOf = (relPath) => relPath.split('/')[0];

/** Static imports, re-exports, dynamic import() and vi.mock() specifiers of a file. */
export function importsOf(text) {
  const specs = [];
  const re =
    /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|vi\.mock\(\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3]);
  return specs;
}

const CANDIDATES = ['', '.ts', '.tsx', '/index.ts', '/index.tsx', '.mjs', '.js'];
/** The repository file a relative or `@/` specifier names, or null for a package or a builtin. */
function resolveLocal(fromRel, spec) {
  let base;
  if (spec.startsWith('@/')) base = join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = resolve(ROOT, dirname(fromRel), spec);
  else return null;
  for (const c of CANDIDATES) {
    const p = base + c;
    if (existsSync(p) && statSync(p).isFile()) return rel(p);
  }
  return rel(base);
}

const problems = [];
const report = (file, msg) => problems.push(`${file}: ${msg}`);

const files = SOURCE_DIRS.filter((d) => existsSync(join(ROOT, d))).flatMap((d) => walk(join(ROOT, d)));
const graph = new Map();

// The lint's own test writes broken imports into strings on purpose.
const SELF = new Set(['scripts/lint.mjs', 'tests/unit/lint.test.ts']);

for (const abs of files) {
  const file = rel(abs);
  if (SELF.has(file)) continue;
  const text = readFileSync(abs, 'utf8');
  const top = topOf(file);
  const locals = [];
  for (const spec of importsOf(text)) {
    // zod/mini everywhere: classic zod is neither bundled nor used to write a second copy of a shape.
    if (spec === 'zod' || spec === 'zod/v4' || spec === 'zod/v4/classic' || spec === 'zod/v3')
      report(file, `imports classic '${spec}'; use 'zod/mini'`);
    const target = resolveLocal(file, spec);
    if (target === null) continue;
    locals.push(target);
    const targetTop = topOf(target);
    // One import style: `@/` across top-level folders, relative inside one.
    if (!file.startsWith('scripts/') && !target.startsWith('scripts/')) {
      if (targetTop !== top && !spec.startsWith('@/'))
        report(file, `imports '${spec}' across top-level folders; write '@/${target.replace(/\.(tsx?|mjs)$/, '')}'`);
      if (targetTop === top && spec.startsWith('@/') && top !== 'tests')
        report(file, `imports '${spec}' inside ${top}/; use a relative path`);
    }
    // The companion program may depend on the shared contract and on itself, nothing else.
    if (top === 'helper' && targetTop !== 'helper' && targetTop !== 'contract')
      report(file, `the helper imports '${spec}'; it may import only contract/ and helper/`);
    // The contract is shared with a Node program: no extension code in it.
    if (top === 'contract' && targetTop !== 'contract') report(file, `contract/ imports '${spec}'; it may import only contract/`);
    // Entrypoints share through utils/ and components/, never through each other.
    if (file.startsWith('entrypoints/') && target.startsWith('entrypoints/') && file.split('/')[1] !== target.split('/')[1]) {
      report(file, `entrypoint imports another entrypoint: '${spec}'`);
    }
    if (!file.startsWith('entrypoints/') && !file.startsWith('tests/') && target.startsWith('entrypoints/'))
      report(file, `imports the entrypoint module '${spec}'`);
  }
  graph.set(file, { text, locals });
  // Comments and texts stay inside the repository: no pointers to planning documents or chats.
  const outside =
    /\bDESIGN(?:\.md)?\b|\bgmail-facts(?:\.md)?\b|\bshared\/(?:seed|browser-testing|test-servers)|\bthe seed\b|\bc1\/c2\b|\(c[12]\)|\bissue #?\d+\b/i.exec(
      text,
    );
  if (outside) report(file, `refers to something outside the repository: "${outside[0]}"`);
}

// One way to reach the browser: `wxt/browser`, the browser's own object (MV3's promise APIs in both
// browsers), in every context (docs/architecture.md, "Budgets"). No hand-written shim over the
// globals and no polyfill; tests, which give Node a stand-in browser, may touch the globals.
const SHIM =
  /\bglobalThis\s*\??\.\s*(?:chrome|browser)\b|\(\s*globalThis\s+as\b[^)]*\)\s*\??\.\s*(?:chrome|browser)\b|\bglobalThis\s+as\s+(?:unknown\s+as\s+)?\{[^}]*\b(?:chrome|browser)\??\s*:/;
for (const [file, { text }] of graph) {
  if (file.startsWith('tests/')) continue;
  const shim = SHIM.exec(text);
  if (shim) report(file, `reaches the browser by hand ("${shim[0].replace(/\s+/g, ' ')}"); import { browser } from 'wxt/browser'`);
  for (const spec of importsOf(text))
    if (spec.includes('webextension-polyfill')) report(file, `imports '${spec}'; use 'wxt/browser', the browser's own object`);
}

// A comment or a document that names a repository path names one that exists (scripts/lint-paths.mjs).
for (const problem of namedPathProblems(ROOT)) problems.push(problem);

// No dead files, exports or dependencies (scripts/lint-dead-code.mjs, knip.jsonc).
for (const problem of deadCodeProblems(ROOT)) problems.push(problem);

const prettier = spawnSync(process.execPath, [PRETTIER, '--check', '--log-level', 'warn', '.'], {
  cwd: ROOT,
  encoding: 'utf8',
  // Plain text: with CI=true Prettier colours its output, which would hide the `[warn]` marks.
  env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
});
if (prettier.status !== 0) {
  const plain = `${prettier.stdout}${prettier.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').filter((l) => l.includes('[warn]') && !l.includes('Code style issues'));
  for (const line of lines) report(line.replace('[warn]', '').trim(), 'not formatted (npx prettier --write .)');
  if (lines.length === 0) report('prettier', `exit ${prettier.status}: ${plain.trim().split('\n')[0] ?? ''}`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`lint: ${files.length} files, conventions hold`);
