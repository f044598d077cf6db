// @vitest-environment happy-dom
// Seeded random POP settings pages (tests/support/gmail/wizard-variants.ts): for each, the locator
// either finds every field right or reports what is missing; a single wrong control fails. Set
// M2K_SEED to replay a failing run; every failure message starts with the generator's seed number.
import { describe, expect, it } from 'vitest';
import { locatePopStep } from '@/utils/gmail/locator';
import { detectStep } from '@/entrypoints/gmail-settings/wizard/steps';
import { randomPopPage, rng, type PopTruth } from '../support/gmail/wizard-variants';

const SEED = Number(process.env.M2K_SEED ?? 20261130);
const PAGES = 300;
const CHUNK = 50;

describe(`generated POP settings pages (seed ${SEED})`, () => {
  const next = rng(SEED);
  for (let from = 0; from < PAGES; from += CHUNK)
    it(`pages ${from}–${from + CHUNK - 1}: every field right, or nothing guessed and the missing named`, () => {
      let complete = 0;
      let filledAll = 0;
      for (let i = from; i < from + CHUNK; i++) {
        const p = randomPopPage(next);
        const where = `seed ${SEED}, page ${i}: ${p.notes.join(' | ')}`;
        const doc = new DOMParser().parseFromString(p.html, 'text/html');
        const step = detectStep(doc);
        const r = locatePopStep(step?.scope ?? doc);
        for (const [key, found] of Object.entries(r.fields)) {
          // A wrong value is the one thing that must never happen.
          expect(found!.el.getAttribute('data-truth'), `${where}: ${key} took the wrong control`).toBe(key);
        }
        const absent = (
          ['username', 'password', 'server', 'port', 'leaveCopy', 'ssl', 'label', 'labelSelect', 'archive'] as PopTruth[]
        ).filter((k) => !p.present.includes(k));
        for (const k of absent) expect(r.missing, `${where}: ${k} is not on the page`).toContain(k);
        if (!absent.length) complete++;
        if (!r.missing.length) filledAll++;
        // Found plus missing is every field: nothing left unsaid.
        expect(Object.keys(r.fields).length + r.missing.length, where).toBe(9);
      }
      // Not a test that passes by finding nothing: most complete pages are read in full.
      expect(filledAll, `seed ${SEED}`).toBeGreaterThan(complete * 0.7);
    }, 60_000);
});
