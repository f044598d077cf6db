/**
 * A Firefox profile folder with our add-on's storage.sync already holding `data`: the driver may
 * not open moz-extension:// pages, so a test cannot save the profile through the options page. The
 * data goes into storage-sync-v2.sqlite, the table Firefox itself keeps it in, written with
 * Debian's sqlite3 command before the browser starts. Pass the folder to launchFirefox with
 * `args: ['--profile', dir]`; the caller owns (and removes) it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { GECKO_ID } from '@/contract/ids';
import { tempDir } from './chromium';

export const sqlite = (db: string, sql: string): string => execFileSync('sqlite3', [db], { input: sql, timeout: 10_000 }).toString();

/** Firefox's webext-storage schema (version 2), as Firefox 153 creates it. */
const STORAGE_SYNC_SCHEMA = `
CREATE TABLE storage_sync_data (ext_id TEXT NOT NULL PRIMARY KEY, data TEXT, sync_change_counter INTEGER NOT NULL DEFAULT 1);
CREATE TABLE storage_sync_mirror (guid TEXT NOT NULL PRIMARY KEY, ext_id TEXT UNIQUE, data TEXT
  CHECK((ext_id IS NULL AND data IS NULL) OR (ext_id IS NOT NULL AND data IS NOT NULL)));
CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID;
PRAGMA user_version = 2;
`;

const sqlQuote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function firefoxProfileWithSync(data: Record<string, unknown>): string {
  const dir = tempDir('ffprofile-');
  const db = join(dir, 'storage-sync-v2.sqlite');
  sqlite(
    db,
    `${STORAGE_SYNC_SCHEMA} INSERT INTO storage_sync_data (ext_id, data) VALUES (${sqlQuote(GECKO_ID)}, ${sqlQuote(JSON.stringify(data))});`,
  );
  return dir;
}
