/**
 * The install record (installed.json in the install folder): every file, folder and registry key
 * install created, so uninstall removes exactly those and status can report them, and whether a
 * recorded file is still the one install wrote.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import * as z from 'zod/mini';

export const RecordFileSchema = z.object({
  path: z.string().check(z.minLength(1)),
  kind: z.enum(['manifest', 'launcher', 'bundle', 'config', 'program']),
  /** The browser (or `custom` for a --user-data-dir profile) a manifest is for. */
  target: z.optional(z.string()),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type RecordFile = z.infer<typeof RecordFileSchema>;

export const InstallRecordSchema = z.object({
  version: z.literal(1),
  updatedAt: z.string(),
  /** The Node the launcher runs; empty for the standalone program. */
  node: z.string(),
  files: z.array(RecordFileSchema),
  /** Folders that did not exist before install; removed on uninstall when empty. */
  dirs: z.array(z.string()),
  registry: z.array(z.object({ key: z.string(), target: z.string() })),
});
export type InstallRecord = z.infer<typeof InstallRecordSchema>;

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function readRecord(file: string): InstallRecord | undefined {
  try {
    const parsed = InstallRecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Later entries win for the same path/key; folders are united. */
export function mergeRecords(old: InstallRecord | undefined, next: InstallRecord): InstallRecord {
  if (!old) return next;
  const files = new Map(old.files.map((f) => [f.path, f]));
  for (const f of next.files) files.set(f.path, f);
  const registry = new Map(old.registry.map((r) => [r.key, r]));
  for (const r of next.registry) registry.set(r.key, r);
  return { ...next, files: [...files.values()], dirs: [...new Set([...old.dirs, ...next.dirs])], registry: [...registry.values()] };
}

export type FileState = 'ok' | 'missing' | 'changed';

export function fileState(f: RecordFile): FileState {
  try {
    // A symbolic link is never ours: install writes regular files only.
    if (!lstatSync(f.path).isFile()) return 'changed';
    return sha256(readFileSync(f.path)) === f.sha256 ? 'ok' : 'changed';
  } catch {
    return 'missing';
  }
}
