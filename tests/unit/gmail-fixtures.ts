/** Loading tests/fixtures/gmail pages into a happy-dom Document (call from a happy-dom test file). */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURE_DIR = resolve(process.cwd(), 'tests/fixtures/gmail');
export const fixturePath = (name: string): string => resolve(FIXTURE_DIR, name);
export const settingsFixtures = (): string[] =>
  readdirSync(FIXTURE_DIR)
    .filter((f) => /^settings-.*\.html$/.test(f))
    .sort();

/**
 * Parses a fixture. Content that a page script renders after load (kept in a <template>) is put
 * in place as the script would, since DOMParser runs no scripts.
 */
export function loadFixture(name: string): Document {
  const doc = new DOMParser().parseFromString(readFileSync(fixturePath(name), 'utf8'), 'text/html');
  for (const t of Array.from(doc.querySelectorAll('template'))) {
    const main = doc.querySelector('[role="main"]');
    if (main) main.replaceChildren(doc.importNode((t as HTMLTemplateElement).content, true));
  }
  return doc;
}
