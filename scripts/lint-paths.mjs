// The lint's check that every repository path named in a code comment or a Markdown document
// exists, and that a section named next to a document (`docs/<doc>.md, "<heading>"`) is one of
// its headings: a file that moves leaves no pointer behind to where it used to be.
//
// What counts as a path:
// - rooted: the first segment is one of the project's top-level folders (SOURCE_ROOTS, or any
//   folder there is): `utils/gmail/labels.ts`, `tests/support/`, `@/utils/messaging/runtime`; or a
//   build output folder (`dist/`, `.output/`, `release/`). It must exist, with the extensions an
//   import may leave out, or be one of MADE_PATHS.
// - partial: a path with a folder and a source or document extension that is not rooted
//   (`panel/mount.tsx`, as the docs write inside one entrypoint). Some file must end with it.
// - bare: a file name with a source or document extension (`host-run.ts`). Some file must
//   have that name.
// `*` and `**` in a path are globs and must match something; `<name>` is a placeholder within a
// segment. Paths starting with `./` or `../` are not checked: they depend on where the reader
// stands (import examples, command arguments). Neither are URLs, nor names with other extensions
// (`config.json`, `popup.html`): those are mostly files the program writes or serves at run time.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * Paths the build or a test run makes, absent from a fresh checkout; `**` covers what is inside.
 * Each is named in the docs because people and tests use it.
 */
export const MADE_PATHS = [
  'utils/i18n/keys.generated.ts', // scripts/i18n-keys.mjs, at postinstall and build
  'dist/helper', // scripts/build-helper.mjs
  'dist/helper/m2k-probe.cjs',
  'dist/helper/exe/**', // scripts/build-exe.mjs
  '.output/chrome-mv3/**', // wxt build
  '.output/firefox-mv3/**', // wxt build -b firefox
  '.output/*.zip', // wxt zip
  'release/**', // scripts/release.mjs
  'tests/.tmp/**', // the scratch folders of browser and server tests
];
const OUTPUT_ROOTS = ['dist', '.output', 'release'];
/** The project's own top-level folders: a path into one of them is rooted even when the whole folder is gone. */
const SOURCE_ROOTS = ['contract', 'helper', 'utils', 'entrypoints', 'components', 'tests', 'scripts', 'docs', 'public', 'assets'];
/** Not walked: dependencies, version control, and what builds and runs write. */
const SKIPPED = (name) => ['node_modules', '.git', '.wxt', '.tmp', 'dist', 'release'].includes(name) || name.startsWith('.output');
const CODE = /\.(ts|tsx|mts|cts|mjs|cjs|js|jsx)$/;
const CHECKED_EXT = /\.(ts|tsx|mjs|cjs|md)$/;
const IMPORT_EXTS = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx'];

const escape = (s) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
/** A glob (`*` within a segment, `**` across segments, `**` at the end also the folder itself) as a RegExp. */
const globRe = (glob) =>
  new RegExp(
    '^' +
      glob
        .split(/(\/\*\*$|\*\*\/|\*)/)
        .map((part) => ({ '/**': '(?:/.*)?', '**/': '(?:.*/)?', '*': '[^/]*' })[part] ?? escape(part))
        .join('') +
      '$',
  );
const MADE_RES = MADE_PATHS.map(globRe);

/** Every file and folder of the tree, as repository paths. */
function inventory(root) {
  const files = [];
  const dirs = new Set();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED(name)) continue;
      const p = join(dir, name);
      const r = relative(root, p).split(sep).join('/');
      if (statSync(p).isDirectory()) {
        dirs.add(r);
        walk(p);
      } else files.push(r);
    }
  };
  walk(root);
  return { files, dirs };
}

/** The comments of a source file, as [offset, text] pairs, read by the TypeScript parser (so `//` inside a string or a regular expression is not one). */
export function commentsOf(path, text) {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind);
  const seen = new Map();
  const visit = (node) => {
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) seen.set(range.pos, text.slice(range.pos, range.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen.entries()];
}

// A path token: segments of word characters, dots, dashes, globs and <placeholders>, joined by `/`,
// not preceded by anything that would make it part of a longer token (a URL, `~/…`, `a.b/…`).
const TOKEN = /(?<![\w./@~:<>*-])(?:@\/)?[\w.*<>-]+(?:\/[\w.*<>-]+)*\/?(?![\w{(-])/g;

/** What is wrong with one named path, or null. */
function judge(token, tree, tops) {
  let path = token
    .replace(/^@\//, '')
    .replace(/[.:]+$/, '')
    .replace(/<[^>]*>/g, '*');
  if (/[<>]/.test(path)) return null;
  const isDir = path.endsWith('/');
  path = path.replace(/\/+$/, '');
  const hasSlash = path.includes('/');
  const first = path.split('/')[0];
  if (!hasSlash && !CHECKED_EXT.test(path)) return null;
  if (path.startsWith('.') && !first.startsWith('.output')) return null; // ./, ../, dotfiles
  const isGlob = path.includes('*');
  if (hasSlash && (tops.has(first) || OUTPUT_ROOTS.includes(first))) {
    if (MADE_RES.some((re) => re.test(path))) return null;
    if (isGlob) {
      const re = globRe(path);
      return tree.files.some((f) => re.test(f)) || [...tree.dirs].some((d) => re.test(d)) ? null : 'matches no file';
    }
    if (isDir) return tree.dirs.has(path) ? null : 'does not exist';
    return IMPORT_EXTS.some((e) => tree.files.includes(path + e)) || tree.dirs.has(path) ? null : 'does not exist';
  }
  if (!CHECKED_EXT.test(path)) return null;
  if (!hasSlash && MADE_PATHS.some((m) => m.endsWith('/' + path))) return null;
  const re = globRe(`**/${path}`);
  return tree.files.some((f) => re.test(f)) ? null : hasSlash ? 'no file ends with it' : 'no file has this name';
}

/** `docs/<doc>.md, "<heading>"` and `<doc>.md, section "<heading>"`: the quoted name must start one of that document's headings. */
const SECTION_REF = /(?<![\w./-])((?:[\w-]+\/)*[\w-]+\.md)\)?,?\s+(?:section\s+)?["“]([^"”\n]{1,80})["”]/g;
const headingsOf = (root, doc) =>
  readFileSync(join(root, doc), 'utf8')
    .split('\n')
    .filter((l) => /^#{1,6}\s/.test(l))
    .map((l) =>
      l
        .replace(/^#+\s*/, '')
        .replace(/`/g, '')
        .trim()
        .toLowerCase(),
    );

/**
 * One problem string per missing path or section, for the files of `root` except `skip` (the
 * lint's own sources and tests, which name missing paths on purpose).
 */
export function namedPathProblems(root, skip = new Set()) {
  const tree = inventory(root);
  const tops = new Set([...SOURCE_ROOTS, ...[...tree.dirs].filter((d) => !d.includes('/'))]);
  const problems = [];
  for (const file of tree.files) {
    if (skip.has(file) || file.endsWith('.generated.ts')) continue;
    const isDoc = file.endsWith('.md');
    if (!isDoc && !CODE.test(file)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const chunks = isDoc ? [[0, text]] : commentsOf(file, text);
    for (const [offset, chunk] of chunks) {
      const line = (at) => text.slice(0, offset + at).split('\n').length;
      for (const m of chunk.matchAll(TOKEN)) {
        const why = judge(m[0], tree, tops);
        if (why) problems.push(`${file}:${line(m.index)}: names '${m[0]}', which ${why}`);
      }
      for (const m of chunk.matchAll(SECTION_REF)) {
        const doc = m[1];
        if (!tree.files.includes(doc)) continue; // the path check above reports it
        const name = m[2].trim().toLowerCase();
        if (!headingsOf(root, doc).some((h) => h.startsWith(name)))
          problems.push(`${file}:${line(m.index)}: names the section "${m[2]}" of ${doc}, which has no such heading`);
      }
    }
  }
  return problems;
}
