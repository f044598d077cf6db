#!/usr/bin/env node
// The vitest projects in two lanes side by side, each lane one file at a time: the real browsers
// (e2e) in one, the real servers, the Windows packages under wine and the unit tests in the other.
// Vitest itself runs projects whose files must not overlap one after another, so on this 2-core
// machine half the suite would wait for the other half; the two lanes share nothing (every test
// starts its servers on free ports and addresses of its own, in temporary folders). Each line is
// printed with its lane's name; the exit status is non-zero when either lane fails. It is
// `npm run test:lanes`, for a quicker look: under its load a browser wait sometimes times out,
// so `npm test` (and CI) run the projects one after another.
// `node scripts/test-lanes.mjs [vitest arguments]` passes the arguments to both lanes.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const LANES = [
  { name: 'browsers', projects: ['e2e'] },
  { name: 'servers', projects: ['servers', 'wine', 'unit'] },
];
const extra = process.argv.slice(2);
const width = Math.max(...LANES.map((l) => l.name.length));

const run = (lane) =>
  new Promise((resolve) => {
    const t0 = performance.now();
    const args = ['vitest', 'run', ...lane.projects.flatMap((p) => ['--project', p]), ...extra];
    const child = spawn('npx', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    const tag = `[${lane.name.padEnd(width)}]`;
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      readline.createInterface({ input: stream }).on('line', (line) => out.write(`${tag} ${line}\n`));
    }
    child.on('close', (code, signal) => resolve({ lane, code: code ?? 1, signal, s: (performance.now() - t0) / 1000 }));
  });

const results = await Promise.all(LANES.map(run));
for (const r of results) {
  const how = r.code === 0 ? 'passed' : `FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`;
  console.log(`lane ${r.lane.name} (${r.lane.projects.join(', ')}): ${how} in ${r.s.toFixed(0)} s`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
