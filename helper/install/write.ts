/**
 * How install puts things on disk: folders 0700 and files 0600 (programs 0700) whatever the umask,
 * never through a symbolic link, and files replaced whole (written beside, then renamed), so a
 * browser starting the host mid-install never reads half a program.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

/** Install would have to write through something it does not own; nothing was written at that path. */
export class InstallRefused extends Error {}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * mkdir -p with mode 0700 for every folder it creates; returns those folders, outermost first.
 * `tighten` also makes an existing `dir` private (our own install folder, perhaps left open by an
 * older version) and refuses it when it is a symbolic link.
 */
export function mkdirPrivate(dir: string, p: typeof import('node:path'), opts: { tighten?: boolean } = {}): string[] {
  const created: string[] = [];
  let d = dir;
  for (;;) {
    const st = lstatOrUndefined(d);
    if (st) {
      if (d === dir && opts.tighten) {
        if (st.isSymbolicLink()) throw new InstallRefused(`refusing to install into ${dir}: it is a symbolic link`);
        chmodSync(d, 0o700);
      }
      break;
    }
    created.unshift(d);
    const parent = p.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const c of created) {
    mkdirSync(c, { mode: 0o700 });
    chmodSync(c, 0o700); // the umask could only remove bits, but a parent's default ACL may add some
  }
  return created;
}

const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

/** Writes `content` at `path` with exactly `mode`, refusing a symbolic link or anything but a regular file there. */
export function writePrivate(path: string, content: string | Buffer, mode: number): void {
  const st = lstatOrUndefined(path);
  if (st?.isSymbolicLink()) throw new InstallRefused(`refusing to write ${path}: it is a symbolic link`);
  if (st && !st.isFile()) throw new InstallRefused(`refusing to write ${path}: it is not a regular file`);
  if (st && st.size === Buffer.byteLength(content) && sha(readFileSync(path)) === sha(content)) {
    // Same bytes (e.g. the installed program running setup again, which Windows would not let us
    // overwrite): only the mode may need fixing.
    chmodSync(path, mode);
    return;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  writeFileSync(tmp, content, { mode, flag: 'wx' });
  chmodSync(tmp, mode);
  try {
    renameSync(tmp, path);
  } catch (e) {
    // Windows does not replace a program that is running (a browser may have the host open), but
    // it lets us rename it out of the way.
    if (process.platform !== 'win32' || !st) {
      rmSync(tmp, { force: true });
      throw e;
    }
    const old = `${path}.old`;
    rmSync(old, { force: true });
    renameSync(path, old);
    renameSync(tmp, path);
    try {
      rmSync(old, { force: true });
    } catch {
      /* still running; harmless, and replaced next time */
    }
  }
}
