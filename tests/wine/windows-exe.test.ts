/**
 * The Windows program (scripts/build-exe.mjs) as a person's Windows would start it: a 64-bit
 * console program for x64 (a double-click opens a window to talk in), run under wine where wine can.
 * Debian's wine 8 cannot start Bun's Windows runtime (it lacks bcryptprimitives.dll); the test then
 * checks that this, and nothing else, is what stopped it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXE, REPO, ensureExecutables } from '../support/native-host/client';
import { makeWinePrefix, type WinePrefix } from '../support/wine';
import { startDovecot, type RunningDovecot } from '../support/mail-servers/dovecot';
import { makeTestCerts } from '../support/mail-servers/certs';

const VERSION = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;

/** PE facts: machine type and subsystem from the COFF and optional headers. */
function pe(file: string) {
  const b = readFileSync(file);
  const at = b.readUInt32LE(0x3c);
  return {
    mz: b.toString('latin1', 0, 2),
    signature: b.toString('latin1', at, at + 4),
    machine: b.readUInt16LE(at + 4),
    optionalMagic: b.readUInt16LE(at + 24),
    subsystem: b.readUInt16LE(at + 24 + 68),
  };
}

let w: WinePrefix;
let dovecot: RunningDovecot | undefined;
beforeAll(async () => {
  ensureExecutables();
  w = await makeWinePrefix();
});
afterAll(async () => {
  await dovecot?.stop();
  await w?.remove();
});

describe('Windows executable', () => {
  it('is a 64-bit console program for x64; runs under wine when wine can, else says why', async () => {
    const file = EXE['windows-x64'];
    // PE32+ (0x20b), AMD64 (0x8664), console subsystem (3).
    expect(pe(file)).toEqual({ mz: 'MZ', signature: 'PE\0\0', machine: 0x8664, optionalMagic: 0x20b, subsystem: 3 });
    const loud = { WINEDEBUG: 'err+module' };
    const v = await w.run(['wine', file, '--version'], 120_000, loud);
    if (v.code === 0) {
      expect(v.stdout.trim()).toBe(`m2k-probe ${VERSION}`);
      const certs = makeTestCerts(path.join(w.prefix, 'certs'));
      dovecot = await startDovecot({ cert: { key: certs.trusted.key, cert: certs.trusted.chain } });
      const c = await w.run(
        ['wine', file, 'check', '127.0.0.1', '--only', 'pop3s', '--pop3s', String(dovecot.ports.pop3s), '--json'],
        120_000,
      );
      expect(JSON.parse(c.stdout).results[0]).toMatchObject({ service: 'pop3s', port: dovecot.ports.pop3s });
    } else {
      // Debian's wine 8 lacks bcryptprimitives.dll, which Bun's Windows runtime imports: wine
      // stops before the program's first instruction. Anything else is a new failure to look at.
      expect(v.stderr).toMatch(/Library bcryptprimitives\.dll .* not found/);
    }
  });
});
