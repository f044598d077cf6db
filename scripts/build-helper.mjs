#!/usr/bin/env node
// Bundles the companion program into one file so the native host starts fast (no module resolution).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
const out = 'dist/helper/m2k-probe.cjs';
await build({
  entryPoints: ['helper/main.ts'],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: false,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(out, 0o755);
