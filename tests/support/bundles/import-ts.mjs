// Loads a TypeScript module of this repository from a plain Node script (a benchmark): bundled with
// esbuild into `dir` as one ES module, then imported.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * `entry` is relative to the repository root, e.g. `tests/support/mail-servers/index.ts`. `external`
 * packages are left to Node to load from node_modules (the browser drivers), so `dir` must then be
 * inside the repository.
 */
export async function importTs(entry, dir, { external = [] } = {}) {
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
