/**
 * uninstall: undoes install by its record. The record is a file in the person's folder, so
 * uninstall does not trust it: it removes only our own files in the install folder and the
 * browsers' manifest folders, and only our own registry keys (see scope.ts); a file changed since
 * install is someone else's now and stays.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { recordPath, type Base } from './paths';
import { fileState, readRecord } from './record';
import { dirInScope, fileInScope, registryKeyInScope } from './scope';
import { regDeleteArgs, regQueryArgs } from './windows';
import { assertLocal, InstallError } from './install-error';

export interface UninstallResult {
  removed: string[];
  /** Files changed since install (someone else's now): left in place. */
  kept: string[];
  missing: string[];
  registryRemoved: string[];
  /** Registry keys that were already gone. */
  registryMissing: string[];
  /** Registry keys that exist but could not be deleted. */
  registryFailed: string[];
  dirsRemoved: string[];
  /** Paths and keys in the record that install never writes (a changed record): reported, not touched. */
  refused: string[];
  wasInstalled: boolean;
}

/**
 * Deletes our registry keys through `reg`. A key already gone (removed by hand, or by an earlier
 * uninstall that stopped half-way) is not an error: `reg delete` fails for it, `reg query` too.
 */
export function removeRegistryKeys(
  entries: readonly { key: string }[],
  runReg: (args: string[]) => string | void,
): Pick<UninstallResult, 'registryRemoved' | 'registryMissing' | 'registryFailed' | 'refused'> {
  const out = { registryRemoved: [] as string[], registryMissing: [] as string[], registryFailed: [] as string[], refused: [] as string[] };
  for (const { key } of entries) {
    if (!registryKeyInScope(key)) {
      out.refused.push(key);
      continue;
    }
    try {
      runReg(regDeleteArgs(key));
      out.registryRemoved.push(key);
      continue;
    } catch {
      /* gone, or refused: ask */
    }
    try {
      runReg(regQueryArgs(key));
      out.registryFailed.push(key);
    } catch {
      out.registryMissing.push(key);
    }
  }
  return out;
}

export function uninstall(base: Base, runReg?: (args: string[]) => string | void): UninstallResult {
  assertLocal(base);
  const out: UninstallResult = {
    removed: [],
    kept: [],
    missing: [],
    registryRemoved: [],
    registryMissing: [],
    registryFailed: [],
    dirsRemoved: [],
    refused: [],
    wasInstalled: false,
  };
  const record = readRecord(recordPath(base));
  if (!record) return out;
  out.wasInstalled = true;
  for (const f of record.files) {
    if (!fileInScope(base, f)) {
      out.refused.push(f.path);
      continue;
    }
    const state = fileState(f);
    if (state === 'ok') {
      unlinkSync(f.path);
      out.removed.push(f.path);
    } else (state === 'changed' ? out.kept : out.missing).push(f.path);
  }
  if (record.registry.length) {
    if (!runReg) throw new InstallError('registry changes need Windows');
    const r = removeRegistryKeys(record.registry, runReg);
    out.registryRemoved = r.registryRemoved;
    out.registryMissing = r.registryMissing;
    out.registryFailed = r.registryFailed;
    out.refused.push(...r.refused);
  }
  unlinkSync(recordPath(base));
  out.removed.push(recordPath(base));
  // Deepest first, and only when empty: a folder that gained other files stays.
  for (const d of [...record.dirs].sort((a, b) => b.length - a.length)) {
    if (!dirInScope(base, d, record)) {
      out.refused.push(d);
      continue;
    }
    try {
      if (!lstatSync(d).isDirectory()) continue; // a link put in its place is not ours
      if (readdirSync(d).length === 0) {
        rmdirSync(d);
        out.dirsRemoved.push(d);
      }
    } catch {
      /* already gone */
    }
  }
  return out;
}
