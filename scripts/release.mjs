#!/usr/bin/env node
// `npm run release`: everything a release page and the two stores need, in release/:
//   m2k-probe-windows-x64.msi the companion program's installer package, per user (build-msi.mjs)
//   m2k-probe-windows-x64-machine.msi   the same per machine, for IT (msiexec /i … /qn)
//   m2k-probe-windows-x64.exe the Windows program itself, for those who cannot open a package
//   m2k-probe-darwin-arm64.zip, m2k-probe-darwin-x64.zip
//                             the macOS programs, each in a zip that keeps it runnable (zip-unix.mjs)
//   m2k-probe-linux-x64       the Linux program (build-exe.mjs)
//   *-chrome.zip, *-firefox.zip, *-sources.zip   the extension packages (what `npm run zip` makes)
//   privacy.md                the privacy policy (docs/privacy.md)
//   store/                    listing texts (docs/store/) and the store screenshots (docs/screenshots/store-*)
//   SHA256SUMS                `sha256sum -c SHA256SUMS` checks every file above
// The output folder is emptied first; M2K_RELEASE_DIR names another one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExecutables } from './build-exe.mjs';
import { buildMsi } from './build-msi.mjs';
import { buildMacZips } from './zip-unix.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.env.M2K_RELEASE_DIR ?? 'release');
const wxtOut = path.resolve(root, process.env.M2K_OUT ?? '.output');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`release: ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// A test build's shortened feed watch (wxt.config.ts) must never reach a store package.
if (process.env.M2K_TEST_FEED_WATCH) throw new Error('M2K_TEST_FEED_WATCH is set: that is a test build, not a release');
run(process.execPath, ['scripts/build-helper.mjs']);
const programs = Object.fromEntries(buildExecutables({ outDir: out }).map((b) => [b.target, b.file]));
for (const scope of ['user', 'machine']) await buildMsi({ scope, program: programs['windows-x64'], outDir: out });
// A bare macOS program loses its executable bit when a browser downloads it: only the zips ship.
const macPrograms = [programs['darwin-arm64'], programs['darwin-x64']];
buildMacZips(macPrograms, out);
for (const f of macPrograms) rmSync(f);

// wxt zip builds before zipping; stale zips of an older version must not slip in.
for (const f of existsSync(wxtOut) ? readdirSync(wxtOut) : []) if (f.endsWith('.zip')) rmSync(path.join(wxtOut, f));
run(npx, ['wxt', 'zip']);
run(npx, ['wxt', 'zip', '-b', 'firefox']);
for (const f of readdirSync(wxtOut).filter((f) => f.endsWith('.zip'))) copyFileSync(path.join(wxtOut, f), path.join(out, f));

copyFileSync(path.join(root, 'docs/privacy.md'), path.join(out, 'privacy.md'));
mkdirSync(path.join(out, 'store', 'screenshots'), { recursive: true });
for (const f of readdirSync(path.join(root, 'docs/store'))) copyFileSync(path.join(root, 'docs/store', f), path.join(out, 'store', f));
const shots = path.join(root, 'docs/screenshots');
for (const f of readdirSync(shots).filter((f) => f.startsWith('store-') && f.endsWith('.png')))
  copyFileSync(path.join(shots, f), path.join(out, 'store', 'screenshots', f));

/** Every file under dir, relative with forward slashes, sorted. */
function files(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(dir, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]))
    .sort();
}
const sums = files(out)
  .filter((f) => f !== 'SHA256SUMS')
  .map(
    (f) =>
      `${createHash('sha256')
        .update(readFileSync(path.join(out, f)))
        .digest('hex')}  ${f}`,
  );
writeFileSync(path.join(out, 'SHA256SUMS'), sums.join('\n') + '\n');

for (const f of files(out)) console.log(`${f.padEnd(48)} ${(statSync(path.join(out, f)).size / 1e6).toFixed(1).padStart(7)} MB`);
