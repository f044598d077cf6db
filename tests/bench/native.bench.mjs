#!/usr/bin/env node
// Native host cold start: from spawning the bundled host (dist/helper/m2k-probe.cjs, as a browser
// spawns it with the caller's origin) to the first reply frame, the answer to `hello`.
// 15 runs after one warm-up of the disk cache; prints
//   native.cold_start_ms      median (goal <= 150)
//   native.cold_start_p90_ms  90th percentile
//   native.bundle_kb          size of the bundle file (its probe engine and CLI are a string in it,
//                             compiled on first use, so the host parses ~35 kB of it at start)
//   native.node_bare_ms       median of the same round trip by a bare `node -e` echo: what Node
//                             itself costs on this machine right now (a loaded machine shifts both)
//   native.cold_start_over_bare_ms  median over the runs of (host - bare) of the same round: what
//                             the helper adds to Node's own start, the figure that survives load
//   native.exe.cold_start_ms  the same for the standalone Linux program (dist/helper/exe, made by
//   native.exe.cold_start_p90_ms  `npm run build:exe` from the same bundle), measured in the same
//                             rounds, so the two compare under the same load
// Run `npm run build` (or `npm run build:helper`) first. M2K_BENCH_BUNDLE=path measures another
// build instead (e.g. a copy of the previous one, to compare before and after in the same session).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.resolve(process.env.M2K_BENCH_BUNDLE || path.join(root, 'dist/helper/m2k-probe.cjs'));
if (!existsSync(bundle)) {
  console.error(`native bench: no ${bundle}; run npm run build first`);
  process.exit(1);
}
const ORIGIN = 'chrome-extension://glhdbabeainlgcckfnoaimglbgcdlhjd/';
const LE = endianness() === 'LE';
const RUNS = 15;

function hello() {
  const body = Buffer.from(JSON.stringify({ type: 'hello' }));
  const head = Buffer.alloc(4);
  if (LE) head.writeUInt32LE(body.length);
  else head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

// Answers the first frame with a hello reply and nothing else: Node's own start-up cost.
const BARE = `process.stdin.once('data',()=>{const b=Buffer.from(JSON.stringify({type:'hello'}));const h=Buffer.alloc(4);h.write${LE ? 'UInt32LE' : 'UInt32BE'}(b.length);process.stdout.write(Buffer.concat([h,b]));process.stdin.resume();});`;

const exe = path.join(root, 'dist/helper/exe/m2k-probe-linux-x64');
const hasExe =
  process.platform === 'linux' && process.arch === 'x64' && existsSync(exe) && statSync(exe).mtimeMs >= statSync(bundle).mtimeMs;

/** One cold start: ms from spawn to a complete first frame, which must be a hello reply. */
function once(args = [bundle, ORIGIN], command = process.execPath) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error('no reply within 10 s'));
    }, 10_000);
    p.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const n = LE ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
      if (buf.length < 4 + n) return;
      const ms = performance.now() - t0;
      clearTimeout(timer);
      const reply = JSON.parse(buf.subarray(4, 4 + n).toString());
      p.stdin.end();
      p.on('close', () => (reply.type === 'hello' ? resolve(ms) : reject(new Error(`first reply was ${reply.type}`))));
    });
    p.stdin.on('error', () => {});
    p.stdin.write(hello());
  });
}

await once(); // warm the page cache, as a second connectNative would find it
if (hasExe) await once([ORIGIN], exe);
const times = [];
const bare = [];
const exeTimes = [];
// Interleaved, so a burst of load from elsewhere hits all series alike.
for (let i = 0; i < RUNS; i++) {
  times.push(await once());
  bare.push(await once(['-e', BARE]));
  if (hasExe) exeTimes.push(await once([ORIGIN], exe));
}
const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
console.log(`native.cold_start_ms: ${pct(times, 0.5).toFixed(1)}`);
console.log(`native.cold_start_p90_ms: ${pct(times, 0.9).toFixed(1)}`);
console.log(`native.bundle_kb: ${(statSync(bundle).size / 1024).toFixed(1)}`);
console.log(`native.node_bare_ms: ${pct(bare, 0.5).toFixed(1)}`);
// Paired by round (each host run is followed at once by its bare run), so load that comes and
// goes during the bench cancels out of each difference instead of skewing one series.
console.log(
  `native.cold_start_over_bare_ms: ${pct(
    times.map((t, i) => t - bare[i]),
    0.5,
  ).toFixed(1)}`,
);
if (hasExe) {
  console.log(`native.exe.cold_start_ms: ${pct(exeTimes, 0.5).toFixed(1)}`);
  console.log(`native.exe.cold_start_p90_ms: ${pct(exeTimes, 0.9).toFixed(1)}`);
} else
  console.error('native bench: no up-to-date dist/helper/exe/m2k-probe-linux-x64 (npm run build:exe); the executable was not measured');
