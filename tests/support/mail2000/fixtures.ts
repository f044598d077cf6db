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

/**
 * Every named control's value or checked state in the document it runs in (radios by name=value):
 * what "nothing else on the page changed" is checked against. Runs in the page too: it uses
 * nothing from outside its own body, so it can be passed to a driver's `evaluate`.
 */
export const formState = (): Record<string, string | boolean> =>
  Object.fromEntries(
    Array.from(document.querySelectorAll<HTMLInputElement>('input, select, textarea'))
      .filter((e) => e.name)
      .map((e) => [
        `${e.name}${e.type === 'radio' ? `=${e.value}` : ''}`,
        e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.value,
      ]),
  );

/** The assistant's note state in the document it runs in (a driver's `evaluate`), or null without a note. */
export const forwardNoteState = (): string | null =>
  document.querySelector('m2k-forward-note')?.shadowRoot?.querySelector('[data-testid="m2k-forward-status"]')?.getAttribute('data-state') ??
  null;

/** formState of each variant once the assistant filled it for GMAIL. */
export const FILLED_FORMS = {
  'forward.zh-TW.html': {
    i_ncrumb: 'c7ab91',
    fw_on: true,
    fw_to: GMAIL,
    fw_keep: true,
    fw_limit: false,
    fw_until: '2026/06/30',
    memo: '辦公室用',
  },
  'forward.en.html': { act: true, addr1: 'old.address@example.org', addr2: GMAIL, addr3: '', keep: true, until: '', interval: '10' },
  'forward-list.zh-TW.html': {
    'on=1': true,
    'on=0': false,
    list: `assistant@dept.example.edu.tw\n${GMAIL}`,
    'bk=1': true,
    'bk=0': false,
    'lim=0': true,
    'lim=1': false,
    y: '2027',
    mo: '2',
    d: '28',
  },
} as const;
