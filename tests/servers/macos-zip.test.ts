/**
 * The macOS downloads (scripts/zip-unix.mjs): a bare program downloaded by a browser loses its
 * executable bit, so each macOS program ships in a zip whose entry says "made on Unix, mode 0755".
 * Read back three ways: the zip's own central directory (read here, independently of the writer),
 * `zipinfo`, and `unzip`, which restores modes as Archive Utility does. The unzipped programs are
 * the built ones, byte for byte, and their ad-hoc Mach-O signatures still verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HELPER_DOWNLOADS, HELPER_PROGRAMS } from '@/contract/release';
import { EXE, ensureExecutables } from '../support/native-host/client';
// @ts-expect-error: a plain .mjs script without types
import { buildMacZips, zipUnix } from '../../scripts/zip-unix.mjs';
// @ts-expect-error: a plain .mjs script without types
import { verifyAdhoc } from '../../scripts/macho-adhoc.mjs';

const TARGETS = ['darwin-arm64', 'darwin-x64'] as const;
let dir: string;
let zips: string[];
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(() => {
  ensureExecutables();
  dir = mkdtempSync(path.join(tmpdir(), 'm2k-maczip-'));
  zips = buildMacZips(
    TARGETS.map((t) => EXE[t]),
    dir,
  );
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The central directory's entries: name, the system that made it, and the Unix mode in the external attributes. */
function centralEntries(zip: Buffer): { name: string; madeBy: number; mode: number; size: number }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    out.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      madeBy: zip.readUInt16LE(at + 4) >> 8,
      mode: zip.readUInt32LE(at + 38) >>> 16,
      size: zip.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

describe('macOS zips', () => {
  it.each(TARGETS.map((t, i) => [t, i] as const))('%s: the release name, one entry, made on Unix with mode 0755', (target, i) => {
    const zip = zips[i]!;
    expect(path.basename(zip)).toBe(HELPER_DOWNLOADS[target]);
    expect(centralEntries(readFileSync(zip))).toEqual([
      { name: HELPER_PROGRAMS[target], madeBy: 3, mode: 0o100755, size: statSync(EXE[target]).size },
    ]);
    expect(execFileSync('zipinfo', [zip], { encoding: 'utf8' })).toMatch(
      new RegExp(`^-rwxr-xr-x\\s+\\S+\\s+unx\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+${HELPER_PROGRAMS[target]}$`, 'm'),
    );
  });

  it.each(TARGETS.map((t, i) => [t, i] as const))(
    '%s: unzipped, the program runs (0755), is the built one, and its signature verifies',
    (target, i) => {
      const into = path.join(dir, `unzip-${target}`);
      mkdirSync(into);
      execFileSync('unzip', ['-q', zips[i]!, '-d', into]);
      const program = path.join(into, HELPER_PROGRAMS[target]);
      expect(statSync(program).mode & 0o777).toBe(0o755);
      const bytes = readFileSync(program);
      expect(sha256(bytes)).toBe(sha256(readFileSync(EXE[target])));
      expect(verifyAdhoc(bytes)).toMatchObject({ signed: true, adhoc: true, badPages: 0, coversCode: true });
    },
  );

  it('the mode comes from the entry: a 0644 file stays 0644', () => {
    const zip = zipUnix([{ name: 'notes.txt', data: Buffer.from('plain text'), mode: 0o644, date: new Date(2026, 0, 2) }]) as Buffer;
    expect(centralEntries(zip)).toEqual([{ name: 'notes.txt', madeBy: 3, mode: 0o100644, size: 10 }]);
    const file = path.join(dir, 'notes.zip');
    writeFileSync(file, zip);
    expect(execFileSync('unzip', ['-p', file, 'notes.txt'], { encoding: 'utf8' })).toBe('plain text');
  });
});
