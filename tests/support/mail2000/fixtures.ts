/**
 * The Mail2000-like webmail fixtures (tests/fixtures/mail2000): our own pages modelled on what is
 * publicly known, in several variants since the real markup is not. Shared by the happy-dom unit
 * tests (loaded into the test's document) and the browser tests (served as https://<site>/…).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A string, not `new URL`: happy-dom replaces the global URL in DOM tests.
const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/mail2000');

/** The fixture's text, with `{{NAME}}` placeholders filled in. */
export const readWebmailFixture = (name: string, vars: Record<string, string> = {}): string =>
  readFileSync(resolve(DIR, name), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');

/** Each auto-forward page variant and what the assistant must find on it before it fills anything. */
export const FORWARD_VARIANTS = {
  'forward.zh-TW.html': { enabled: false, targets: [], keepCopy: false, endDate: '2026-06-30' },
  'forward.en.html': { enabled: true, targets: ['old.address@example.org'], keepCopy: false, endDate: null },
  'forward-list.zh-TW.html': { enabled: false, targets: ['assistant@dept.example.edu.tw'], keepCopy: false, endDate: '2027-02-28' },
  'forward-code.zh-TW.html': { enabled: false, targets: [], keepCopy: true, endDate: null },
  'forward-existing.zh-TW.html': { enabled: true, targets: ['someone.else@example.org'], keepCopy: false, endDate: '2026-12-12' },
} as const;

/** The end date put into forward-existing.zh-TW.html by the tests that read FORWARD_VARIANTS. */
export const EXISTING_END = { END: '2026/12/12' };

/** Replaces the test's document with the fixture (happy-dom runs its inline scripts). */
export function loadWebmail(
  name: string,
  vars: Record<string, string> = name.startsWith('forward-existing') ? EXISTING_END : {},
): Document {
  document.open();
  document.write(readWebmailFixture(name, vars));
  document.close();
  return document;
}

export const GMAIL = 'tester.m2k@gmail.com';
