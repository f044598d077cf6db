// Size budgets of the built extension (sizes, not timings): the popup's first-paint script, the
// Gmail content script (up front, and the settings code it loads later), the webmail's forwarding
// assistant and the background, each in kB of gzip (tests/support/bundles/measure.mjs).
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BUDGETS_GZIP_KB, measureBundles, overBudget } from '../support/bundles/measure.mjs';
import { chromeExtDir } from '../support/browsers/paths';

describe('bundle budgets', () => {
  it('popup, Gmail content script (up front and later), webmail assistant and background fit their budgets', () => {
    const sizes = measureBundles(chromeExtDir());
    expect(overBudget(sizes)).toEqual([]);
    expect(Object.keys(BUDGETS_GZIP_KB).sort()).toEqual(['background', 'gmail', 'gmail-settings', 'mail2000', 'popup']);
  });

  it('names an entry that grew past its budget', () => {
    const copy = mkdtempSync(join(tmpdir(), 'm2k-budget-'));
    try {
      cpSync(chromeExtDir(), copy, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
      const worker = join(copy, manifest.background.service_worker);
      // Random bytes as base64 hardly compress: 80 kB of them cannot gzip under 40 kB.
      const noise = randomBytes(60 * 1024).toString('base64');
      writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n/*${noise}*/`);
      expect(overBudget(measureBundles(copy))).toEqual([expect.stringMatching(/^background: [\d.]+ kB gzip > 40 kB budget$/)]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
