/** The Gmail fixture pages (tests/fixtures/gmail): what they show, reading them, and loading them into happy-dom. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A string, not `new URL`: happy-dom replaces the global URL in DOM tests.
export const GMAIL_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/gmail');

export const readFixture = (name: string): string => readFileSync(resolve(GMAIL_FIXTURES, name), 'utf8');

export const settingsFixtures = (): string[] =>
  readdirSync(GMAIL_FIXTURES)
    .filter((f) => /^settings-.*\.html$/.test(f))
    .sort();

export const wizardFixtures = (): string[] =>
  readdirSync(GMAIL_FIXTURES)
    .filter((f) => /^wizard-.*\.html$/.test(f))
    .sort();

/** A parsed copy of the fixture (scripts do not run: tests that need the page's behaviour use loadIntoDocument). */
export const parseFixture = (name: string): Document => new DOMParser().parseFromString(readFixture(name), 'text/html');

/**
 * A parsed copy of the fixture as its page script leaves it: content the script renders after load
 * (kept in a <template>) is put in place, since DOMParser runs no scripts.
 */
export function loadFixture(name: string): Document {
  const doc = parseFixture(name);
  for (const t of Array.from(doc.querySelectorAll('template'))) {
    const main = doc.querySelector('[role="main"]');
    if (main) main.replaceChildren(doc.importNode((t as HTMLTemplateElement).content, true));
  }
  return doc;
}

/**
 * Replaces the test's document with the fixture, running its inline script the way a browser would
 * (happy-dom evaluates scripts written through document.write).
 */
export function loadIntoDocument(name: string): Document {
  document.open();
  document.write(readFixture(name));
  document.close();
  return document;
}

/**
 * Each Accounts and Import fixture the panel mounts on, with the page state (`data-state`) it shows:
 * the controller in happy-dom (tests/unit/panel.test.tsx) and the built extension in Chromium
 * (tests/e2e/panel.test.ts) are held to the same list.
 */
export const SETTINGS_FIXTURE_STATES = [
  ['settings-available-en.html', 'available'],
  ['settings-available-zh-TW.html', 'available'],
  ['settings-errors-en.html', 'available'],
  ['settings-closed-en.html', 'closed'],
  ['settings-closed-zh-TW.html', 'closed'],
  ['settings-gone-en.html', 'gone'],
  ['settings-gone-zh-TW.html', 'gone'],
] as const;
