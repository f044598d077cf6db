#!/usr/bin/env node
// Size of each standalone program (dist/helper/exe, `npm run build:exe`), as downloaded and as a
// compressed download (gzip -6, what a web server or a zip would send):
//   release.<target>.mb      raw size in MB (10^6 bytes)
//   release.<target>.gz_mb   gzip -6 size in MB (goal <= 40)
//   release.program_kb       our program (the bundle) inside each; the rest is Bun's runtime
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, 'dist/helper/exe');
const targets = { 'windows-x64': '.exe', 'darwin-arm64': '', 'darwin-x64': '', 'linux-x64': '' };
const bundle = path.join(root, 'dist/helper/m2k-probe.cjs');
let missing = 0;
for (const [t, ext] of Object.entries(targets)) {
  const f = path.join(dir, `m2k-probe-${t}${ext}`);
  if (!existsSync(f)) {
    console.error(`release bench: no ${f}; run npm run build:exe`);
    missing++;
    continue;
  }
  const bytes = readFileSync(f);
  console.log(`release.${t}.mb: ${(bytes.length / 1e6).toFixed(1)}`);
  console.log(`release.${t}.gz_mb: ${(gzipSync(bytes, { level: 6 }).length / 1e6).toFixed(1)}`);
}
if (existsSync(bundle)) console.log(`release.program_kb: ${(statSync(bundle).size / 1024).toFixed(1)}`);
process.exit(missing ? 1 : 0);
