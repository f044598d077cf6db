#!/usr/bin/env node
// Makes the standalone executables of the companion program from the bundle build-helper.mjs
// wrote (dist/helper/m2k-probe.cjs): the same file, run by Bun's runtime instead of Node, so the
// people who install it need nothing else. `bun build --compile` appends the bundle to a copy of
// the runtime of each target system; the runtimes are the @oven/bun-* packages of the npm registry,
// fetched with `npm pack` (npm refuses to install a package whose os/cpu differ from this machine's)
// and kept in a cache outside the worktree. Their sha512, pinned below, is checked on every use,
// before a runtime is run or embedded (bun-runtime.mjs).
//
//   node scripts/build-exe.mjs [--target linux-x64,...] [--out DIR]
//
// Writes DIR/m2k-probe-<target>[.exe] (default DIR dist/helper/exe). Figures: docs/companion.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { adhocSign, verifyAdhoc } from './macho-adhoc.mjs';
import { RuntimeRefused, verifiedRuntime } from './bun-runtime.mjs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const BUN_VERSION = '1.4.5';
/** Our target names (the release file names) → the npm package of Bun's runtime for that system. */
export const TARGETS = {
  'linux-x64': {
    pkg: '@oven/bun-linux-x64',
    bun: 'bun-linux-x64',
    exe: 'bin/bun',
    integrity: 'sha512-IWX9BELoGHAUtMonkeSaNaZwXzRk+oDw6Mk+HBFXd3KHYIBNBsIGRupMZPcgNoDbJpLu6gAJjIoIVPZtt1aJ1g==',
  },
  'windows-x64': {
    pkg: '@oven/bun-windows-x64',
    bun: 'bun-windows-x64',
    exe: 'bin/bun.exe',
    ext: '.exe',
    integrity: 'sha512-FNvply651vcE/GHgNWz6mZvhmkwBuu8Hw54oNzA+CQog+HW+542rXQmZqNHRkFxazD9L3xi+iTtvO3engAgJfw==',
  },
  'darwin-arm64': {
    pkg: '@oven/bun-darwin-aarch64',
    bun: 'bun-darwin-arm64',
    exe: 'bin/bun',
    integrity: 'sha512-4MIFXHmctH2EhAxLXm2/qxNtv17dFtLJylvaOCsrgq6KSqHTs6eW5YSrJjRbJxYUJaR901fsN8JfZOa+CsWpWQ==',
  },
  'darwin-x64': {
    pkg: '@oven/bun-darwin-x64',
    bun: 'bun-darwin-x64',
    exe: 'bin/bun',
    integrity: 'sha512-qkLPMGHZM9NI6CeHTWwVezzmlo6cC4Ta7yUAjYIWXS366qQcOlcp75t2uZyiuVRBMPS0h9qE0tCcvCHGaFqjJg==',
  },
};

export const exeName = (target) => `m2k-probe-${target}${TARGETS[target].ext ?? ''}`;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cacheRoot = () =>
  process.env.M2K_BUN_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'm2k-probe', `bun-${BUN_VERSION}`);

/** The target this machine runs, whose Bun does the compiling. */
function hostTarget() {
  const key = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  if (!(key in TARGETS)) throw new Error(`build-exe: no Bun for ${key} here; build on one of ${Object.keys(TARGETS).join(', ')}`);
  return key;
}

export function buildExecutables({
  targets = Object.keys(TARGETS),
  outDir = path.join(root, 'dist/helper/exe'),
  bundle = path.join(root, 'dist/helper/m2k-probe.cjs'),
} = {}) {
  if (!existsSync(bundle)) throw new Error(`build-exe: no ${bundle}; run npm run build:helper first`);
  // This build's own copies of the verified runtimes, where nobody else can change them.
  const work = mkdtempSync(path.join(tmpdir(), 'm2k-bun-'));
  const runtimes = new Map();
  const runtime = (target) => {
    if (!runtimes.has(target))
      runtimes.set(target, verifiedRuntime({ target, t: TARGETS[target], version: BUN_VERSION, cacheRoot: cacheRoot(), workDir: work }));
    return runtimes.get(target);
  };
  try {
    const bun = runtime(hostTarget());
    mkdirSync(outDir, { recursive: true });
    const built = [];
    for (const target of targets) {
      const t = TARGETS[target];
      if (!t) throw new Error(`build-exe: unknown target ${target}`);
      const outfile = path.join(outDir, exeName(target));
      execFileSync(
        bun,
        [
          'build',
          bundle,
          '--compile',
          `--target=${t.bun}`,
          `--compile-executable-path=${runtime(target)}`,
          // The program must do the same whatever folder it is started from: no .env or bunfig.toml
          // from the current folder may change its environment or its runtime.
          '--no-compile-autoload-dotenv',
          '--no-compile-autoload-bunfig',
          '--outfile',
          outfile,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BUN_INSTALL_CACHE_DIR: path.join(work, 'install-cache') } },
      );
      if (target.startsWith('darwin')) {
        // Bun signs its darwin-arm64 output ad hoc, but leaves darwin-x64 with the runtime's own
        // signature, which no longer matches the file (macOS would kill the process).
        const b = readFileSync(outfile);
        const v = verifyAdhoc(b);
        if (!v.signed || !v.adhoc || v.badPages || !v.coversCode) {
          adhocSign(b, 'm2k-probe');
          const again = verifyAdhoc(b);
          if (again.badPages || !again.coversCode) throw new Error(`build-exe: signing ${outfile} failed`);
          writeFileSync(outfile, b, { mode: 0o755 });
        }
      }
      built.push({ target, file: outfile, bytes: statSync(outfile).size });
    }
    return built;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' } } });
  try {
    const built = buildExecutables({ targets: values.target?.split(','), outDir: values.out && path.resolve(values.out) });
    for (const b of built) console.log(`${path.relative(process.cwd(), b.file)}  ${(b.bytes / 1e6).toFixed(1)} MB`);
  } catch (e) {
    // A refused runtime is a sentence for the person building, not a stack trace.
    if (!(e instanceof RuntimeRefused)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
