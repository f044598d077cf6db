#!/usr/bin/env node
// Bundle size of each entrypoint in the built Chromium extension: everything the browser loads
// up front for it (its own file plus the chunks it imports statically; lazy import() chunks are
// not counted), minified as built, and gzip -9 (the per-file sum, which is what a store download
// and the disk cache see). Prints `bundle.<entry>.min_kb: N` and `bundle.<entry>.gzip_kb: N`.
// Reads ${M2K_OUT ?? '.output'}/chrome-mv3: run `npm run build` (or `M2K_OUT=... npx wxt build`) first.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ext = resolve(root, process.env.M2K_OUT ?? '.output', 'chrome-mv3');
if (!existsSync(join(ext, 'manifest.json'))) {
  console.error(`bundle bench: no build at ${ext}; run npm run build first`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));

/** Static imports of a built ES module: `import"./x.js"` and `from"./x.js"` (not `import("./x.js")`). */
const staticImports = (file) => {
  const src = readFileSync(join(ext, file), 'utf8');
  const out = [];
  for (const m of src.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']/g)) {
    const spec = m[1];
    out.push(spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec)));
  }
  return out;
};

/** All JS files an entry loads up front. */
const closure = (starts) => {
  const seen = new Set();
  const stack = [...starts];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !existsSync(join(ext, f))) continue;
    seen.add(f);
    stack.push(...staticImports(f));
  }
  return [...seen];
};

const entries = new Map();
if (manifest.background?.service_worker) entries.set('background', [manifest.background.service_worker]);
for (const cs of manifest.content_scripts ?? []) {
  for (const js of cs.js ?? []) entries.set(posix.basename(js, '.js'), [js]);
}
// HTML entrypoints (popup, options, report ...): their module script and modulepreloads.
for (const html of readdirSync(ext).filter((f) => f.endsWith('.html'))) {
  const src = readFileSync(join(ext, html), 'utf8');
  const js = [...src.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1].replace(/^\//, ''));
  entries.set(html.replace(/\.html$/, ''), js);
}

const kb = (n) => Math.round((n / 1024) * 10) / 10;
let failed = false;
for (const [name, starts] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
  const files = closure(starts);
  if (!files.length) {
    console.error(`bundle bench: ${name} loads no JS (${starts.join(', ')})`);
    failed = true;
    continue;
  }
  let min = 0;
  let gz = 0;
  for (const f of files) {
    const buf = readFileSync(join(ext, f));
    min += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  console.log(`bundle.${name}.min_kb: ${kb(min)}`);
  console.log(`bundle.${name}.gzip_kb: ${kb(gz)}`);
}
process.exit(failed ? 1 : 0);
