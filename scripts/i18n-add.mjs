#!/usr/bin/env node
// Merge message keys into public/_locales/{zh_TW,en}/messages.json, keeping keys sorted.
// Usage: node scripts/i18n-add.mjs FILE.json   where FILE is {"key": {"zh_TW": "...", "en": "..."}, ...}
// Several people add strings at once; one small read-merge-write keeps their edits from clobbering each other.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
const add = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const lang of ['zh_TW', 'en']) {
  const file = `public/_locales/${lang}/messages.json`;
  const cur = JSON.parse(readFileSync(file, 'utf8'));
  for (const [key, v] of Object.entries(add)) {
    if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`bad key ${key}`);
    if (typeof v[lang] !== 'string') throw new Error(`${key} lacks ${lang}`);
    cur[key] = {
      message: v[lang],
      ...(v.description ? { description: v.description } : {}),
      ...(v.placeholders ? { placeholders: v.placeholders } : {}),
    };
  }
  const sorted = Object.fromEntries(
    Object.keys(cur)
      .sort()
      .map((k) => [k, cur[k]]),
  );
  writeFileSync(file + '.tmp', JSON.stringify(sorted, null, 2) + '\n');
  renameSync(file + '.tmp', file);
}
// The key union the type check uses (utils/i18n/keys.generated.ts).
execFileSync(process.execPath, [new URL('./i18n-keys.mjs', import.meta.url).pathname], { stdio: 'inherit' });
console.log(`added ${Object.keys(add).length} keys`);
