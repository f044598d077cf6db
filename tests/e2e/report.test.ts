// The report page and the IndexedDB history in real Chromium (real IndexedDB): import/export through
// the same schema, refusal of foreign or broken files leaving history untouched, the 500-run bound
// kept by time (an old file never pushes out newer runs; a file that would remove runs already here
// asks first), future-dated and damaged records skipped and counted in a file and in the database,
// "Clear history" behind a confirmation, and a broken database rebuilt with a message instead of a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/browsers';
import { MAX_RUNS } from '@/utils/history/trim';
import { parseExport, toExport } from '@/utils/history/export-file';
import type { HistoryRecord } from '@/utils/history/records';
import { ProbeReportSchema } from '@/contract/protocol';
import { putHistoryRecords } from '../support/history-db';

const fixture = (name: string) =>
  ProbeReportSchema.parse(JSON.parse(readFileSync(new URL(`../fixtures/probe/${name}.json`, import.meta.url), 'utf8')));
const probe = (at: number, name = 'all-ok'): HistoryRecord => {
  const r = fixture(name);
  return { kind: 'probe', at, host: r.host, ms: r.ms, ok: r.results.every((x) => x.ok), credentialTested: false, results: r.results };
};
const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

let s: ChromiumSession;
let page: Page;
const count = async () => Number(await page.getByTestId('m2k-report-count').getAttribute('data-count'));
let seq = 0;
const importText = async (name: string, text: string) => {
  await page.getByTestId('m2k-report-import').setInputFiles(file(name, text));
  return importResult();
};
const importResult = async () => {
  const res = page.locator(`[data-testid="m2k-report-import-result"][data-seq="${++seq}"]`);
  await res.waitFor();
  return { ok: await res.getAttribute('data-ok'), text: (await res.textContent()) ?? '' };
};
/** An import that must stop at the confirmation: how many runs already here it says it would remove. */
const importAsked = async (name: string, text: string) => {
  await page.getByTestId('m2k-report-import').setInputFiles(file(name, text));
  const ask = page.getByTestId('m2k-report-import-confirm');
  await ask.waitFor();
  return { localDropped: Number(await ask.getAttribute('data-local-dropped')), text: (await ask.textContent()) ?? '' };
};
/** Puts values straight into the database, the way a damaged or doctored store would hold them. */
const putRaw = (values: unknown[]) => putHistoryRecords(page, values);
const exportedAts = async (): Promise<number[]> => {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('m2k-report-export-json').click()]);
  const back = parseExport(readFileSync((await dl.path())!, 'utf8'));
  if (!back.ok) throw new Error(`export does not read back: ${back.error}`);
  return back.data.records.map((r) => r.at);
};
/** Past the last date a Date can hold, yet a safe integer: new Date(x).toISOString() throws RangeError. */
const BEYOND_DATE = 8.7e15;
const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  s = await launchChromium({ lang: 'en' });
  page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/report.html`);
  await page.getByTestId('m2k-report-count').waitFor();
});
afterAll(async () => {
  await s?.close();
});

describe('report page and history', () => {
  it('starts empty, imports an export, shows the latest run, the chart and the audit', async () => {
    expect(await count()).toBe(0);
    const audit: HistoryRecord = {
      kind: 'audit',
      at: 3_000_000,
      audit: {
        at: 3_000_000,
        pageState: 'available',
        accounts: [],
        findings: [{ code: 'auth-denied', severity: 'error', account: 'alice@mail.au.edu.tw' }],
      },
    };
    const text = JSON.stringify(toExport([probe(1_000_000), probe(2_000_000, '995-blocked'), audit, probe(4_000_000, 'cert-expired')]));
    const r = await importText('history.json', text);
    expect(r.ok).toBe('true');
    expect(await count()).toBe(4);
    expect(await page.locator('[data-testid="m2k-report-row"][data-service="pop3s"]').getAttribute('data-status')).toBe('fail');
    expect(await page.getByTestId('m2k-report-latest').textContent()).toContain('expired 12 days ago');
    expect(await page.locator('[data-testid="m2k-report-finding"]').getAttribute('data-code')).toBe('auth-denied');
    expect(await page.locator('[data-testid="m2k-chart-run"]').count()).toBe(3);
    expect(await page.locator('[data-testid="m2k-chart-run"][data-ok="false"]').count()).toBe(2);
    expect(await page.locator('[data-testid="m2k-chart-point"][data-service="pop3s"][data-status="fail"]').count()).toBe(2);
    // Importing the same file again adds nothing.
    expect((await importText('again.json', text)).text).toMatch(/Imported 0 records; 4 duplicates/);
    expect(await count()).toBe(4);
  });

  it('refuses a foreign or broken file with a clear message and leaves history untouched', async () => {
    const cases: Array<[string, RegExp]> = [
      ['this is { not json', /not JSON/],
      [JSON.stringify({ some: 'other app' }), /not a history exported by this extension/],
      [JSON.stringify({ ...toExport([probe(5)]), records: [{ kind: 'probe', at: 'yesterday' }] }), /damaged/],
    ];
    for (const [text, msg] of cases) {
      const r = await importText('bad.json', text);
      expect(r.ok).toBe('false');
      expect(r.text).toMatch(msg);
      expect(r.text).toContain('unchanged');
      expect(await count()).toBe(4);
    }
  });

  it('exports JSON that the same schema reads back, and a Markdown summary for a ticket', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('m2k-report-export-json').click()]);
    const text = readFileSync((await dl.path())!, 'utf8');
    const back = parseExport(text);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.data.records.map((r) => r.at)).toEqual([1_000_000, 2_000_000, 3_000_000, 4_000_000]);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('m2k-report-export-md').click()]);
    const summary = readFileSync((await md.path())!, 'utf8');
    expect(summary).toMatch(/^# Mail2000 connection report/);
    expect(summary).toMatch(/\| POP3 SSL \| 995 \| failed \|/);
    expect(summary).toContain('certificate: -12 days left');
    expect(summary).toContain('Server denied the username or password');
  });

  it(`keeps only the ${MAX_RUNS} newest runs, and asks before an import removes runs already here`, async () => {
    const many = Array.from({ length: MAX_RUNS }, (_, i) => probe(10_000_000 + i * 1000));
    const text = JSON.stringify(toExport(many));
    // Every run here is older than the file's: it says so and writes nothing until the person agrees.
    const ask = await importAsked('many.json', text);
    expect(ask.localDropped).toBe(4);
    expect(ask.text).toMatch(/would remove 4 of the records already here/);
    await page.getByTestId('m2k-report-import-cancel').click();
    expect((await importResult()).text).toMatch(/Import cancelled.*unchanged/);
    expect(await count()).toBe(4);
    await importAsked('many.json', text);
    await page.getByTestId('m2k-report-import-go').click();
    const r = await importResult();
    expect(r.text).toMatch(/^Imported/);
    expect(r.ok).toBe('true');
    expect(r.text).toMatch(/4 oldest records removed/);
    expect(await count()).toBe(MAX_RUNS);
  });

  it('rebuilds a broken database with a message instead of crashing', async () => {
    // A database of a newer build (version 99) with nothing this build understands in it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const del = indexedDB.deleteDatabase('m2k-history');
          del.onsuccess = () => {
            const req = indexedDB.open('m2k-history', 99);
            req.onupgradeneeded = () => req.result.createObjectStore('something-else');
            req.onsuccess = () => (req.result.close(), resolve());
            req.onerror = () => reject(req.error);
          };
          del.onerror = () => reject(del.error);
        }),
    );
    await page.reload();
    seq = 0;
    const notice = page.getByTestId('m2k-report-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-kind')).toBe('rebuilt');
    expect(await count()).toBe(0);
    // And it works again afterwards.
    expect((await importText('h.json', JSON.stringify(toExport([probe(1)])))).ok).toBe('true');
    expect(await count()).toBe(1);
    await page.reload();
    await page.getByTestId('m2k-report-count').waitFor();
    expect(await page.getByTestId('m2k-report-notice').count()).toBe(0);
  });

  it('skips records that no longer pass the schema, and says so', async () => {
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('m2k-history');
          req.onsuccess = () => {
            const tx = req.result.transaction('runs', 'readwrite');
            tx.objectStore('runs').add({ kind: 'probe', at: 7, host: '', results: 'garbage' });
            tx.oncomplete = () => (req.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    const notice = page.getByTestId('m2k-report-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-kind')).toBe('skipped');
    expect(await count()).toBe(1);
  });

  it('a damaged stored record blocks neither an import nor the page', async () => {
    // An audit without its audit: the old import threw on it for every file.
    await putRaw([{ kind: 'audit', at: 9 }]);
    await page.reload();
    await page.getByTestId('m2k-report-count').waitFor();
    seq = 0;
    expect(await page.getByTestId('m2k-report-notice').getAttribute('data-kind')).toBe('skipped');
    const r = await importText('one.json', JSON.stringify(toExport([probe(2)])));
    expect(r.ok).toBe('true');
    expect(r.text).toMatch(/Imported 1 records/);
    expect(await count()).toBe(2);
  });

  it('"Clear history" asks first, and then removes everything, damaged records included', async () => {
    await page.getByTestId('m2k-report-clear').click();
    const question = page.getByTestId('m2k-report-clear-question');
    // Two usable records and the two damaged ones.
    expect(await question.textContent()).toMatch(/Delete all 4 history records/);
    await page.getByTestId('m2k-report-clear-cancel').click();
    expect(await count()).toBe(2);
    await page.getByTestId('m2k-report-clear').click();
    await page.getByTestId('m2k-report-clear-confirm').click();
    await page.getByTestId('m2k-report-clear-done').waitFor();
    expect(await count()).toBe(0);
    await page.reload();
    await page.getByTestId('m2k-report-count').waitFor();
    seq = 0;
    expect(await count()).toBe(0);
    expect(await page.getByTestId('m2k-report-notice').count()).toBe(0);
  });

  it('an old file does not push out newer runs; its future-dated and damaged records are skipped and counted', async () => {
    const now = Date.now();
    const recent = Array.from({ length: 5 }, (_, i) => probe(now - (5 - i) * HOUR));
    expect((await importText('recent.json', JSON.stringify(toExport(recent)))).ok).toBe('true');
    // An old file that fills the bound: its own oldest records go, not the person's recent runs.
    const old = Array.from({ length: MAX_RUNS - 3 }, (_, i) => probe(1_000_000 + i * 1000, '995-blocked'));
    const r = await importText('old.json', JSON.stringify(toExport(old)));
    expect(r.ok).toBe('true');
    expect(r.text).toMatch(/Imported 495 records; 0 duplicates skipped; 2 oldest records removed/);
    expect(await count()).toBe(MAX_RUNS);
    const ats = await exportedAts();
    expect(ats.slice(-5)).toEqual(recent.map((x) => x.at));
    expect(ats).not.toContain(1_000_000);

    // A file with one good run among a run dated next month, one dated past what a Date holds and a damaged one.
    const good = probe(now - HOUR / 2, 'cert-expired');
    const mixed = {
      ...toExport([good]),
      records: [probe(now + 30 * 24 * HOUR, '995-blocked'), probe(BEYOND_DATE, '995-blocked'), { kind: 'probe', at: 5, host: '' }, good],
    };
    // The store is full, so the good run replaces the oldest record here: asked first.
    expect((await importAsked('mixed.json', JSON.stringify(mixed))).localDropped).toBe(1);
    await page.getByTestId('m2k-report-import-go').click();
    const m = await importResult();
    expect(m.ok).toBe('true');
    expect(m.text).toMatch(/Imported 1 records; 0 duplicates skipped; 1 oldest records removed/);
    expect(m.text).toContain('3 records in the file were damaged or dated later than tomorrow and were skipped');
    expect(await count()).toBe(MAX_RUNS);
    // The latest probe is the good run, not the future-dated one.
    expect(await page.getByTestId('m2k-report-latest').textContent()).toContain('expired 12 days ago');
  });

  it('future-dated records already in the database are skipped and counted, never "the latest", and the summary still exports', async () => {
    await putRaw([{ ...probe(BEYOND_DATE, '995-blocked') }, { ...probe(Date.now() + 30 * 24 * HOUR, '995-blocked') }]);
    await page.reload();
    await page.getByTestId('m2k-report-count').waitFor();
    seq = 0;
    const notice = page.getByTestId('m2k-report-notice');
    expect(await notice.getAttribute('data-kind')).toBe('skipped');
    expect(await notice.textContent()).toMatch(/^2 records could not be read/);
    expect(await page.getByTestId('m2k-report-latest').textContent()).toContain('expired 12 days ago');
    const [md] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.getByTestId('m2k-report-export-md').click()]);
    const summary = readFileSync((await md.path())!, 'utf8');
    expect(summary).toContain('certificate: -12 days left');
  });
});
