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

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Smaller to parse at every start; the program never prints stack traces, so names do not matter.
  minify: true,
  legalComments: 'none',
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
};

// The probe engine and the CLI (helper/lazy.ts), built on their own and embedded below as a
// string: V8 pre-parses every function of the script it starts, so the host would pay for this
// code before its first reply; a string literal costs a fraction of that, and main.ts compiles it
// on the first probe or CLI command. The two parts share no state (the host passes plain data),
// so the few modules both contain, zod's core among them, are simply present twice.
const lazy = await build({ ...common, entryPoints: ['helper/lazy.ts'], write: false });

const main = await build({
  ...common,
  entryPoints: ['helper/main.ts'],
  outfile: out,
  banner: { js: '#!/usr/bin/env node' },
  define: { __M2K_VERSION__: JSON.stringify(version), __M2K_LAZY_SOURCE__: JSON.stringify(lazy.outputFiles[0].text) },
  metafile: true,
});
// The define folds main.ts's `import('./lazy')` fallback away; were it bundled anyway, the lazy
// code would be parsed at every start again.
if (Object.keys(main.metafile.inputs).some((f) => f.includes('helper/lazy.ts') || f.includes('helper/probe/'))) {
  throw new Error('build-helper: the probe engine was bundled into the start-up code');
}
chmodSync(out, 0o755);
