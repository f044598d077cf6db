#!/usr/bin/env node
// Bundles the companion program into one file so the native host starts fast (no module resolution),
// and so `m2k-probe install` can copy one self-contained file next to its launcher.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
const out = 'dist/helper/m2k-probe.cjs';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
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
  define: { __M2K_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
chmodSync(out, 0o755);
