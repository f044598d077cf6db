// Imported history is another computer's measurement: in real Chromium with real IndexedDB, a probe
// of the profile's server imported from a file (failing on 995, dated a minute ago) is shown as
// imported and leaves the Gmail panel's audit as it was; the same probe measured here (stored as the
// background stores a run) makes the audit say the network blocks the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, serveFakeGmail, type ChromiumSession } from '../support/browsers';
import { ProbeReportSchema } from '@/contract/protocol';
import { toExport } from '@/utils/history/export-file';
import type { HistoryRecord } from '@/utils/history/records';
import { putHistoryRecords, readHistoryRecords } from '../support/history-db';

const blocked = ProbeReportSchema.parse(JSON.parse(readFileSync('tests/fixtures/probe/995-blocked.json', 'utf8')));
const GMAIL = 'https://mail.google.com/mail/u/0/#settings/accounts';

let s: ChromiumSession;
let report: Page;
let gmail: Page;

/** The findings the panel shows once the background has judged the page. */
const judged = async (): Promise<(string | null)[]> => {
  // A fresh load each time (going to the same URL with a hash would not load the page again).
  await gmail.goto('about:blank');
  await gmail.goto(GMAIL);
  await gmail.locator('[data-testid="m2k-findings"][data-judged="true"]').waitFor({ timeout: 15_000 });
  return gmail.locator('[data-testid="m2k-finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
};

beforeAll(async () => {
  s = await launchChromium({ lang: 'en' });
  // alice@mail.au.edu.tw fetches from the default profile's server; no error on her row.
  await serveFakeGmail(s.context, { '/mail/u/0/': readFileSync('tests/fixtures/gmail/settings-available-en.html', 'utf8') });
  report = await s.context.newPage();
  await report.goto(`chrome-extension://${s.extensionId}/report.html`);
  gmail = await s.context.newPage();
}, 120_000);

afterAll(async () => {
  await s?.close();
});

describe('imported history and the audit (Chromium)', () => {
  it('an imported failing probe is marked imported and does not change the audit; the same probe measured here does', async () => {
    const before = await judged();
    expect(before).not.toContain('network');

    const probe: HistoryRecord = {
      kind: 'probe',
      at: Date.now() - 60_000,
      host: blocked.host,
      ms: blocked.ms,
      ok: false,
      credentialTested: false,
      results: blocked.results,
    };
    await report.getByTestId('m2k-report-import').setInputFiles({
      name: 'other-computer.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(toExport([probe]))),
    });
    await report.locator('[data-testid="m2k-report-import-result"][data-ok="true"]').waitFor();
    await report.getByTestId('m2k-report-imported').waitFor();
    const stored = await readHistoryRecords(report);
    // The panel's audits are in history too; the one probe is the imported one.
    expect(stored.filter((r) => (r as { kind: string }).kind === 'probe')).toEqual([
      expect.objectContaining({ kind: 'probe', host: 'mail.au.edu.tw', imported: true }),
    ]);

    expect(await judged()).toEqual(before);

    // The control: the same run, as the background stores one measured on this computer.
    await putHistoryRecords(report, [{ ...probe, at: Date.now() - 30_000 }]);
    expect(await judged()).toContain('network');
  }, 90_000);
});
