// What each entrypoint of a built Chromium extension loads up front: its own file plus the chunks it
// imports statically (lazy import() chunks are not counted), minified as built and gzip -9 (the
// per-file sum). Used by the bundle bench (prints) and the budget test (fails).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The size budgets, in kB of gzip: sizes, not timings, so a test can hold them. `gmail` is what
 * every Gmail page loads up front; `gmail-settings` is the code its settings route and the windows
 * Gmail opens load later (a web-accessible script the content script imports); `mail2000` is the
 * forwarding assistant on the webmail.
 */
export const BUDGETS_GZIP_KB = { popup: 40, gmail: 30, 'gmail-settings': 40, mail2000: 20, background: 40 };

/** Static imports of a built ES module: `import"./x.js"` and `from"./x.js"` (not `import("./x.js")`). */
const staticImports = (ext, file) => {
  const src = readFileSync(join(ext, file), 'utf8');
  const out = [];
  for (const m of src.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']/g)) {
    const spec = m[1];
    out.push(spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec)));
  }
  return out;
};

const closure = (ext, starts) => {
  const seen = new Set();
  const stack = [...starts];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !existsSync(join(ext, f))) continue;
    seen.add(f);
    stack.push(...staticImports(ext, f));
  }
  return [...seen];
};

/** name -> { files, minBytes, gzipBytes } for the background, each content script, each web-accessible script and each HTML page. */
export function measureBundles(ext) {
  const manifest = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
  const entries = new Map();
  if (manifest.background?.service_worker) entries.set('background', [manifest.background.service_worker]);
  for (const cs of manifest.content_scripts ?? []) for (const js of cs.js ?? []) entries.set(posix.basename(js, '.js'), [js]);
  // Scripts a content script imports later (web-accessible), each measured on its own.
  for (const war of manifest.web_accessible_resources ?? [])
    for (const js of war.resources ?? []) if (js.endsWith('.js')) entries.set(posix.basename(js, '.js'), [js]);
  for (const html of readdirSync(ext).filter((f) => f.endsWith('.html'))) {
    const src = readFileSync(join(ext, html), 'utf8');
    const js = [...src.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) =>
      m[1].replace(/^\//, ''),
    );
    entries.set(html.replace(/\.html$/, ''), js);
  }
  const out = new Map();
  for (const [name, starts] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
    const files = closure(ext, starts);
    let minBytes = 0;
    let gzipBytes = 0;
    for (const f of files) {
      const buf = readFileSync(join(ext, f));
      minBytes += buf.length;
      gzipBytes += gzipSync(buf, { level: 9 }).length;
    }
    out.set(name, { files, minBytes, gzipBytes });
  }
  return out;
}

export const kb = (n) => Math.round((n / 1024) * 10) / 10;

/** One line per entry over its budget (or missing); empty when all fit. */
export function overBudget(sizes, budgets = BUDGETS_GZIP_KB) {
  const problems = [];
  for (const [name, limit] of Object.entries(budgets)) {
    const s = sizes.get(name);
    if (!s || s.files.length === 0) problems.push(`${name}: not found in the build`);
    else if (s.gzipBytes > limit * 1024) problems.push(`${name}: ${kb(s.gzipBytes)} kB gzip > ${limit} kB budget`);
  }
  return problems;
}
