/**
 * What every command is given: the streams, arguments and environment (so tests run the CLI
 * in-process), what the program knows of itself, and the replaceable parts; and the few things
 * more than one command reads (a `--ca` file, the installer package's marker beside the program).
 */
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { ProbeReport, ServiceResult } from '@/contract/protocol';
import { pathFor, type Base } from '../install/paths';
import { readMsiMarker, type MsiMarker } from '../install/msi';
import type { runDiscovery } from '../discover/discover';
import type { ProbeOptions } from '../probe/options';
import { UsageError } from './args';
import type { Lang } from './lang';

export interface CliIO {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  version: string;
  /** Absolute path of the Node running us; the launcher pins it. */
  execPath: string;
  /** The bundle to copy at install (dist/helper/m2k-probe.cjs). */
  bundlePath: string;
  /**
   * Running as the standalone program (Bun-compiled; execPath is the program itself): install
   * copies execPath, and a run without arguments (a double-click) installs for every browser found.
   */
  standalone?: boolean;
  probe: (opts: ProbeOptions, onResult?: (r: ServiceResult) => void) => Promise<ProbeReport>;
  /** Runs Windows' `reg` and returns what it printed; throws when it fails (Windows only). */
  runReg?: (args: string[]) => string | void;
  /** Runs a discovery (default: the real one); tests hand in a stand-in that needs no network. */
  discover?: typeof runDiscovery;
}

/** A command's surroundings: the I/O, the output's language, the folders of this system. */
export interface CommandContext {
  io: CliIO;
  lang: Lang;
  base: Base;
}

/** The Windows installer package put this very program in place: its marker is beside it. */
export const packageOf = (io: CliIO, base: Base): MsiMarker | undefined =>
  io.standalone ? readMsiMarker(base, pathFor(base).dirname(io.execPath)) : undefined;

/** A `--ca FILE` read and checked to be PEM, or a usage error saying why not. */
export function readCa(file: string): Buffer {
  let ca: Buffer;
  try {
    ca = readFileSync(file);
  } catch (e) {
    throw new UsageError(`--ca: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca: ${file} is not a PEM certificate`);
  return ca;
}
