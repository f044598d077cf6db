#!/usr/bin/env node
// Bundles the companion program into one file so the native host starts fast (no module resolution),
// and so `m2k-probe install` can copy one self-contained file next to its launcher.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
const out = 'dist/helper/m2k-probe.cjs';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// zod re-exports its ~40 message locales as `z.locales`, half of the bundle; the helper only ever
// uses English messages (zod's default), so the index is replaced by English alone. This cuts the
// code the host must parse before its first reply (see tests/bench/native.bench.mjs).
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['helper/main.ts'],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Smaller to parse at every start; the program never prints stack traces, so names do not matter.
  minify: true,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  define: { __M2K_VERSION__: JSON.stringify(version) },
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});
chmodSync(out, 0o755);
