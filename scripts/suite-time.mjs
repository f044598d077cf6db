#!/usr/bin/env node
// suite.fast_wall_s and suite.wall_s: how long `npm run test:fast` and `npm test` take on this
// machine, end to end, as `name: value` lines like the other benchmarks. Not part of `npm run bench`
// (it runs the whole suite); run it on a clean clone after `npm ci` for the figure the README gives.
// `--fast` measures only test:fast.
import { spawnSync } from 'node:child_process';

const GOALS = { 'suite.fast_wall_s': 60, 'suite.wall_s': 300 };

function timed(script) {
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', '--silent', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { s: (performance.now() - t0) / 1000, ok: r.status === 0 };
}

const runs = [['suite.fast_wall_s', 'test:fast']];
if (!process.argv.includes('--fast')) runs.push(['suite.wall_s', 'test']);
let failed = false;
for (const [name, script] of runs) {
  const { s, ok } = timed(script);
  failed ||= !ok;
  console.log(`${name}: ${s.toFixed(1)} (goal <= ${GOALS[name]}${ok ? '' : '; the run FAILED'})`);
}
process.exit(failed ? 1 : 0);
