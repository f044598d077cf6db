#!/usr/bin/env node
// Bundle size of each entrypoint in the built Chromium extension (tests/support/bundles/measure.mjs):
// prints `bundle.<entry>.min_kb` and `bundle.<entry>.gzip_kb`. Reads ${M2K_OUT ?? '.output'}/chrome-mv3.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kb, measureBundles } from '../support/bundles/measure.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ext = resolve(root, process.env.M2K_OUT ?? '.output', 'chrome-mv3');
if (!existsSync(join(ext, 'manifest.json'))) {
  console.error(`bundle bench: no build at ${ext}; run npm run build first`);
  process.exit(1);
}
let failed = false;
for (const [name, s] of measureBundles(ext)) {
  if (!s.files.length) {
    console.error(`bundle bench: ${name} loads no JS`);
    failed = true;
    continue;
  }
  console.log(`bundle.${name}.min_kb: ${kb(s.minBytes)}`);
  console.log(`bundle.${name}.gzip_kb: ${kb(s.gzipBytes)}`);
}
process.exit(failed ? 1 : 0);
