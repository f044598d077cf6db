#!/usr/bin/env node
// Size of each standalone program (dist/helper/exe, `npm run build:exe`), as downloaded and as a
// compressed download (gzip -6, what a web server or a zip would send):
//   release.<target>.mb      raw size in MB (10^6 bytes)
//   release.<target>.gz_mb   gzip -6 size in MB (goal <= 40)
//   release.program_kb       our program (the bundle) inside each; the rest is Bun's runtime
// and the downloads made from them (no goal; printed so that a change in size is seen):
//   release.msi_mb           the per-user Windows installer package (scripts/build-msi.mjs)
//   release.msi_machine_mb   the per-machine one
//   release.macos_zip_mb     the larger of the two macOS zips (scripts/zip-unix.mjs); and each, as
//   release.<target>.zip_mb
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildMsi } from '../../scripts/build-msi.mjs';
import { buildMacZips } from '../../scripts/zip-unix.mjs';

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

const mb = (f) => (statSync(f).size / 1e6).toFixed(1);
const out = mkdtempSync(path.join(tmpdir(), 'm2k-release-bench-'));
try {
  const windows = path.join(dir, 'm2k-probe-windows-x64.exe');
  if (existsSync(windows)) {
    console.log(`release.msi_mb: ${mb(await buildMsi({ scope: 'user', program: windows, outDir: out }))}`);
    console.log(`release.msi_machine_mb: ${mb(await buildMsi({ scope: 'machine', program: windows, outDir: out }))}`);
  }
  const mac = ['darwin-arm64', 'darwin-x64'].filter((t) => existsSync(path.join(dir, `m2k-probe-${t}`)));
  const zips = buildMacZips(
    mac.map((t) => path.join(dir, `m2k-probe-${t}`)),
    out,
  );
  zips.forEach((z, i) => console.log(`release.${mac[i]}.zip_mb: ${mb(z)}`));
  if (zips.length) console.log(`release.macos_zip_mb: ${Math.max(...zips.map((z) => Number(mb(z)))).toFixed(1)}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(missing ? 1 : 0);
