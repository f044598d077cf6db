// Bun's runtimes for build-exe.mjs, from a cache that is never trusted: the runtime of a target is
// both the compiler that runs here and the body of every program a release ships (SHA256SUMS then
// vouches for it), so a file planted in the cache must never be run or embedded.
//
// The cache keeps the npm tarball as fetched (<cache>/<target>/<name>-<version>.tgz). On every use
// the tarball is read into memory, its sha512 compared with the pin, and the runtime unpacked from
// those same bytes into a private temporary folder of this build; nothing else in the cache is
// read. The cache folders must belong to the user and be writable by nobody else (POSIX modes; on
// Windows the user's profile folder is private already), or the build stops and says why.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The build stops here: what it found, and what to do about it. */
export class RuntimeRefused extends Error {}

export const integrityOf = (bytes) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

/** Refuses what another user could have changed: not ours, a link, or writable by group or others. */
function checkOwn(p, what) {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) throw new RuntimeRefused(`build-exe: the runtime cache's ${what} ${p} is a symbolic link; remove it`);
  if (typeof process.getuid !== 'function') return;
  const uid = process.getuid();
  if (st.uid !== uid)
    throw new RuntimeRefused(
      `build-exe: the runtime cache's ${what} ${p} belongs to user ${st.uid}, not to you (${uid}): whatever someone else places there would be run and shipped. Remove it, or name a cache of your own with M2K_BUN_CACHE.`,
    );
  if (st.mode & 0o022)
    throw new RuntimeRefused(
      `build-exe: the runtime cache's ${what} ${p} is writable by ${st.mode & 0o020 ? 'its group' : 'others'} (mode ${(st.mode & 0o777).toString(8)}): whatever someone else places there would be run and shipped. Run chmod go-w on it, or remove it.`,
    );
}

/** The cache folder, made private when new, refused when anyone else could write to it. */
export function privateFolder(dir) {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!lstatSync(dir).isDirectory()) throw new RuntimeRefused(`build-exe: the runtime cache ${dir} is not a folder`);
  checkOwn(dir, 'folder');
  return dir;
}

/**
 * One regular file out of a tar archive (ustar, with pax or GNU long names), or undefined. The
 * npm registry's tarballs are plain ustar; what else a tar can hold (links, devices) is never taken.
 */
export function tarEntry(tar, wanted) {
  let off = 0;
  let longName;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) return undefined;
    const field = (a, b) => {
      const s = h.subarray(a, b);
      const end = s.indexOf(0);
      return s.subarray(0, end < 0 ? s.length : end).toString('utf8');
    };
    const size = parseInt(field(124, 136).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    const type = String.fromCharCode(h[156]);
    const prefix = field(345, 500);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === 'L') longName = body.toString('utf8').replace(/\0+$/, '');
    else if ((type === '0' || type === '\0') && name === wanted) return body;
  }
  return undefined;
}

/** `npm pack PKG@VERSION` into `dir`; the tarball's path. npm itself when we were started by npm (no PATH search). */
export function npmPack(spec, dir) {
  const viaNpm = /npm-cli\.js$/.test(process.env.npm_execpath ?? '');
  const [cmd, pre] = viaNpm ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  let out;
  try {
    out = execFileSync(cmd, [...pre, 'pack', spec, '--json', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      shell: !viaNpm && process.platform === 'win32',
    });
  } catch (e) {
    // npm has said why on stderr already; one sentence instead of this script's stack.
    throw new RuntimeRefused(
      `build-exe: npm could not fetch ${spec} (exit ${e.status ?? e.code}); its own error is above. Check the network and the npm registry setting, then build again.`,
    );
  }
  return path.join(dir, JSON.parse(out)[0].filename);
}

/**
 * The runtime of one target, verified and unpacked into `workDir` (a private folder of this build).
 * `t` is one of build-exe.mjs's TARGETS: its npm package, the runtime's path inside, and the pin.
 */
export function verifiedRuntime({ target, t, version, cacheRoot, workDir, fetch = npmPack }) {
  privateFolder(cacheRoot);
  const dir = privateFolder(path.join(cacheRoot, target));
  const tgz = path.join(dir, `${t.pkg.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(tgz)) {
    const fetched = fetch(`${t.pkg}@${version}`, dir);
    const got = integrityOf(readFileSync(fetched));
    if (got !== t.integrity) {
      rmSync(fetched, { force: true });
      throw new RuntimeRefused(`build-exe: ${t.pkg}@${version} from the registry does not match its pinned sha512 (got ${got})`);
    }
    if (fetched !== tgz) renameSync(fetched, tgz);
  }
  checkOwn(tgz, 'file');
  const bytes = readFileSync(tgz);
  const got = integrityOf(bytes);
  if (got !== t.integrity)
    throw new RuntimeRefused(
      `build-exe: the cached ${tgz} does not match the sha512 pinned for ${t.pkg}@${version} (got ${got}); it was neither run nor embedded. Delete it to fetch it again.`,
    );
  const file = tarEntry(gunzipSync(bytes), `package/${t.exe}`);
  if (!file) throw new RuntimeRefused(`build-exe: ${t.pkg}@${version} has no package/${t.exe}`);
  const out = path.join(workDir, target, path.basename(t.exe));
  mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
  writeFileSync(out, file, { mode: 0o700 });
  return out;
}
