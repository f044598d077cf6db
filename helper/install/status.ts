/**
 * status: read-only, so it can be asked any time what install put where: the install record's
 * files, each checked against what is on disk now, the allow-list the host will use, and host
 * manifests at the browsers' usual places that this install did not write.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config';
import { effectiveAllowList, formatAllowEntry } from '../native/allow';
import { BROWSERS, MANIFEST_FILE, configPath, installDir, manifestDir, pathFor, recordPath, type Base, type Browser } from './paths';
import { fileState, readRecord, type FileState, type RecordFile } from './record';

export interface StatusReport {
  installDir: string;
  installed: boolean;
  node?: string;
  updatedAt?: string;
  files: (RecordFile & { state: FileState })[];
  registry: { key: string; target: string }[];
  allow: string[];
  /** Host manifests at the browsers' usual places that this install did not write. */
  foreign: { target: Browser; path: string }[];
}

export function status(base: Base): StatusReport {
  const p = pathFor(base);
  const record = readRecord(recordPath(base));
  const recorded = new Set(record?.files.map((f) => f.path));
  const foreign: StatusReport['foreign'] = [];
  if (base.platform !== 'win32') {
    for (const b of BROWSERS) {
      const f = p.join(manifestDir(base, b), MANIFEST_FILE);
      if (!recorded.has(f) && existsSync(f)) foreign.push({ target: b, path: f });
    }
  }
  const cfg = loadConfig(configPath(base)).config;
  return {
    installDir: installDir(base),
    installed: !!record,
    node: record?.node,
    updatedAt: record?.updatedAt,
    files: (record?.files ?? []).map((f) => ({ ...f, state: fileState(f) })),
    registry: record?.registry ?? [],
    allow: effectiveAllowList(cfg.allow).map(formatAllowEntry),
    foreign,
  };
}
