#!/usr/bin/env node
// Runs every tests/bench/*.bench.mjs in turn; each prints `name: value` lines against built artifacts
// (run `npm run build` first). A failing benchmark is reported and makes the run exit non-zero.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
const dir = new URL('../tests/bench/', import.meta.url);
let failed = 0;
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()) {
  const r = spawnSync(process.execPath, [new URL(f, dir).pathname], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench ${f} failed (exit ${r.status})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
