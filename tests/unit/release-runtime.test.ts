// The release verifies what it runs: a Bun runtime found in the build's cache is checked against its
// pinned sha512 every time, before it is run as the compiler or embedded in a program, and a cache
// folder someone else could write to is refused. Each case plants something in a cache of its own
// (M2K_BUN_CACHE) and points npm at a closed loopback port, so nothing is fetched from anywhere.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE, REPO, ensureBundle } from '../support/native-host/client';
import { runProgram } from '../support/run-program';

let tmp: string;
const dirs: string[] = [];
beforeAll(() => {
  ensureBundle();
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A cache with a planted runtime that, if it ever runs, leaves a mark; the names build-exe.mjs uses. */
function plantedCache(): { cache: string; marker: string; out: string; target: string } {
  tmp = mkdtempSync(path.join(tmpdir(), 'm2k-bun-plant-'));
  dirs.push(tmp);
  const cache = path.join(tmp, 'cache');
  const target = path.join(cache, 'linux-x64');
  const marker = path.join(tmp, 'planted-runtime-ran');
  mkdirSync(path.join(target, 'package', 'bin'), { recursive: true, mode: 0o700 });
  chmodSync(cache, 0o700);
  const bun = path.join(target, 'package', 'bin', 'bun');
  writeFileSync(bun, `#!/bin/sh\ntouch '${marker}'\nexit 0\n`, { mode: 0o755 });
  return { cache, marker, out: path.join(tmp, 'out'), target };
}

const build = (cache: string, out: string) =>
  runProgram([process.execPath, path.join(REPO, 'scripts/build-exe.mjs')], ['--target', 'linux-x64', '--out', out], {
    cwd: REPO,
    env: {
      ...process.env,
      M2K_BUN_CACHE: cache,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: path.join(path.dirname(cache), 'npm-cache'),
    },
    timeoutMs: 60_000,
  });

describe('the Bun runtime cache', () => {
  it('a planted tarball is refused with the message, and neither run nor embedded', async () => {
    const { cache, marker, out, target } = plantedCache();
    // The planted runtime packed as npm would, under the name the real one is kept as.
    execFileSync('tar', ['czf', path.join(target, 'oven-bun-linux-x64-1.4.5.tgz'), '-C', target, 'package']);
    const r = await build(cache, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `the cached ${path.join(target, 'oven-bun-linux-x64-1.4.5.tgz')} does not match the sha512 pinned for @oven/bun-linux-x64@1.4.5`,
    );
    expect(r.stderr).toContain('it was neither run nor embedded. Delete it to fetch it again.');
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(out, 'm2k-probe-linux-x64'))).toBe(false);
  }, 60_000);

  it('a runtime planted where an unpacked one used to be kept is never run: only a verified tarball is', async () => {
    const { cache, marker, out } = plantedCache();
    const r = await build(cache, out);
    expect(r.code).not.toBe(0);
    // It tried to fetch the real one (from the closed port) instead of running what it found.
    expect(r.stderr).toMatch(/build-exe: npm could not fetch @oven\/bun-linux-x64@[\d.]+ \(exit 1\)/);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(out, 'm2k-probe-linux-x64'))).toBe(false);
  }, 60_000);

  it.each([
    ['777', 'writable by its group (mode 777)'],
    ['757', 'writable by others (mode 757)'],
  ])(
    'a cache folder of mode %s is refused: %s',
    async (mode, says) => {
      const { cache, marker, out } = plantedCache();
      chmodSync(cache, parseInt(mode, 8));
      const r = await build(cache, out);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`build-exe: the runtime cache's folder ${cache} is ${says}`);
      expect(r.stderr).toContain('Run chmod go-w on it, or remove it.');
      expect(existsSync(marker)).toBe(false);
    },
    60_000,
  );

  it("a cache folder that is not the user's is refused (as root: one owned by nobody)", async () => {
    const { cache, marker, out, target } = plantedCache();
    chownSync(target, 65534, 65534);
    const r = await build(cache, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`build-exe: the runtime cache's folder ${target} belongs to user 65534, not to you (${process.getuid!()})`);
    expect(existsSync(marker)).toBe(false);
  }, 60_000);
});
