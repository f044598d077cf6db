// Pure parts of the history (utils/history/: records.ts, trim.ts, export-file.ts: schemas, trimming, export, import validation). The IndexedDB parts run in
// real Chromium: tests/e2e/report.test.ts.
import { describe, expect, it } from 'vitest';
import { HistoryRecordSchema, isPlausibleAt, readRecord, type HistoryRecord } from '@/utils/history/records';
import { MAX_RUNS, trimOrder } from '@/utils/history/trim';
import { parseExport, planImport, toExport } from '@/utils/history/export-file';
import { markdownSummary } from '@/entrypoints/report/summary';
import { ProbeReportSchema } from '@/contract/protocol';
import { probeFixture } from '../support/probe/fixtures';

const report = ProbeReportSchema.parse(probeFixture('all-ok'));
const probe = (at: number): HistoryRecord => ({
  kind: 'probe',
  at,
  host: report.host,
  ms: report.ms,
  ok: true,
  credentialTested: false,
  results: report.results,
});

describe('history records', () => {
  it('drop anything that is not in the schema, such as a password', () => {
    const results: Array<Record<string, unknown>> = structuredClone(report.results);
    results[0]!.password = 'hunter2!';
    const dirty = { ...probe(1), results, password: 'hunter2!', credential: { user: 'a', password: 'hunter2!' } };
    const clean = HistoryRecordSchema.parse(dirty);
    expect(JSON.stringify(clean)).not.toContain('hunter2');
    expect(clean.kind === 'probe' && clean.results).toHaveLength(7);
  });

  it('export round-trips through the same schema', () => {
    const audit: HistoryRecord = {
      kind: 'audit',
      at: 5,
      audit: { at: 5, pageState: 'available', accounts: [], findings: [{ code: 'not-secure', severity: 'warn' }] },
    };
    const text = JSON.stringify(toExport([probe(1), audit], 99));
    const back = parseExport(text);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.data.records).toHaveLength(2);
      expect(back.data.exportedAt).toBe(99);
      expect(back.data.records[1]).toEqual(audit);
    }
  });

  it('export keeps at most the bound', () => {
    const many = Array.from({ length: MAX_RUNS + 3 }, (_, i) => probe(i));
    const out = toExport(many);
    expect(out.records).toHaveLength(MAX_RUNS);
    expect(out.records[0]!.at).toBe(3);
  });

  it('import refuses a foreign or broken file with a reason', () => {
    expect(parseExport('not json {')).toMatchObject({ ok: false, error: 'not-json' });
    expect(parseExport(JSON.stringify({ hello: 'world' }))).toMatchObject({ ok: false, error: 'not-history' });
    expect(parseExport(JSON.stringify([probe(1)]))).toMatchObject({ ok: false, error: 'not-history' });
    const broken = toExport([probe(1)]) as unknown as { records: Array<Record<string, unknown>> };
    broken.records[0]!.at = 'yesterday';
    expect(parseExport(JSON.stringify(broken))).toMatchObject({
      ok: false,
      error: 'invalid',
      detail: expect.stringContaining('records.0.at'),
    });
    const future = { ...toExport([probe(1)]), version: 2 };
    expect(parseExport(JSON.stringify(future))).toMatchObject({ ok: false, error: 'invalid' });
  });
});

describe('dates and trimming', () => {
  const NOW = Date.UTC(2026, 10, 30);
  const DAY = 24 * 60 * 60 * 1000;

  it('a record dated later than a day from now, or not a real date, is not usable', () => {
    expect(isPlausibleAt(NOW + DAY, NOW)).toBe(true);
    expect(isPlausibleAt(NOW + DAY + 1, NOW)).toBe(false);
    // Past the last date a Date can hold, yet a safe integer: toISOString() throws RangeError on it.
    expect(isPlausibleAt(8.7e15, NOW)).toBe(false);
    expect(isPlausibleAt(-1, NOW)).toBe(false);
    expect(readRecord(probe(NOW), NOW)).not.toBeNull();
    expect(readRecord(probe(NOW + 30 * DAY), NOW)).toBeNull();
    expect(readRecord({ kind: 'audit', at: 5 }, NOW)).toBeNull();
  });

  it('an import skips and counts future-dated and damaged records, and keeps the rest', () => {
    const file = {
      ...toExport([probe(1_000)], NOW),
      records: [probe(1_000), probe(NOW + 30 * DAY), probe(8.7e15), { kind: 'audit', at: 9 }, probe(2_000)],
    };
    const out = parseExport(JSON.stringify(file), NOW);
    expect(out).toMatchObject({ ok: true, skipped: 3 });
    if (out.ok) expect(out.data.records.map((r) => r.at)).toEqual([1_000, 2_000]);
    // Nothing usable at all: refused, with where the first problem is.
    const none = { ...file, records: [probe(NOW + 30 * DAY)] };
    expect(parseExport(JSON.stringify(none), NOW)).toMatchObject({
      ok: false,
      error: 'invalid',
      detail: expect.stringContaining('records.0.at'),
    });
  });

  it('trims unusable records first, then the oldest by time, whatever the order of storing', () => {
    // Stored in this order (seq): a recent run, then an old one imported later, then a damaged one.
    const items = [
      { key: 'recent', at: 5_000, seq: 1 },
      { key: 'old-imported', at: 1_000, seq: 2 },
      { key: 'damaged', at: null, seq: 3 },
      { key: 'newest', at: 6_000, seq: 4 },
    ];
    expect(trimOrder(items, 4)).toEqual([]);
    expect(trimOrder(items, 3)).toEqual(['damaged']);
    expect(trimOrder(items, 2)).toEqual(['damaged', 'old-imported']);
    expect(trimOrder(items, 1)).toEqual(['damaged', 'old-imported', 'recent']);
    // Equal times: the one stored first goes first.
    expect(
      trimOrder(
        [
          { key: 'b', at: 1, seq: 2 },
          { key: 'a', at: 1, seq: 1 },
        ],
        1,
      ),
    ).toEqual(['a']);
  });

  it('an import plan: runs already here are duplicates; trimming drops the damaged and the oldest, stored before the file on equal times', () => {
    const stored = [
      { key: 1, record: probe(5_000) },
      { key: 2, record: null },
      { key: 3, record: probe(2_000) },
    ];
    const file = [probe(6_000), probe(5_000), probe(2_000), probe(1_000)];
    const plan = planImport(stored, file, 3);
    // 5_000 and 2_000 are here already; 6_000 and 1_000 are new, oldest first.
    expect(plan.duplicates).toBe(2);
    expect(plan.incoming.map((r) => r.at)).toEqual([1_000, 6_000]);
    // Five records for three places: the damaged one, then the oldest by time (the file's 1_000).
    expect(plan.dropStored).toEqual([2]);
    expect([...plan.dropIncoming]).toEqual([0]);
    expect(plan.dropped).toBe(2);
    // Room for all: nothing dropped.
    expect(planImport(stored, file, 10)).toMatchObject({ dropStored: [], dropped: 0 });
  });

  it('the Markdown summary never throws on a date a Date cannot hold', () => {
    const t = ((k: string) => k) as Parameters<typeof markdownSummary>[2];
    const bad = probe(8.7e15) as HistoryRecord & { kind: 'probe' };
    const audit = { kind: 'audit' as const, at: 8.7e15, audit: { at: 0, pageState: 'available' as const, accounts: [], findings: [] } };
    expect(() => markdownSummary(bad, audit, t, 'en', '0.1.0')).not.toThrow();
    expect(markdownSummary(probe(NOW) as HistoryRecord & { kind: 'probe' }, undefined, t, 'en', '0.1.0')).toContain('2026-11-30 00:00 UTC');
  });

  it('a forward check is a record of its own, exported and summarised (its site, targets and findings, escaped)', () => {
    const forward: HistoryRecord = {
      kind: 'forward',
      at: NOW,
      audit: {
        at: NOW,
        site: 'mail.au.edu.tw',
        enabled: true,
        targets: ['x_y@example.org'],
        keepCopy: false,
        endDate: null,
        gmail: 'tester.m2k@gmail.com',
        findings: [{ code: 'forward-elsewhere', severity: 'error', account: 'x_y@example.org', evidence: 'x_y@example.org' }],
      },
    };
    expect(HistoryRecordSchema.parse(forward)).toEqual(forward);
    const t = ((k: string) => k) as Parameters<typeof markdownSummary>[2];
    const md = markdownSummary(undefined, undefined, t, 'en', '0.1.0', forward as HistoryRecord & { kind: 'forward' });
    expect(md).toContain('## report_latest_forward');
    expect(md).toContain('- report_forward_site: mail.au.edu.tw');
    expect(md).toContain('- finding_forward_elsewhere (x\\_y@example.org)');
  });
});
