// Pure parts of utils/history.ts (schemas, export, import validation). The IndexedDB parts run in
// real Chromium: tests/e2e/report.test.ts.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { HistoryRecordSchema, MAX_RUNS, parseExport, toExport, type HistoryRecord } from '@/utils/history/store';
import { ProbeReportSchema } from '@/contract/protocol';

const report = ProbeReportSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/probe/all-ok.json', import.meta.url), 'utf8')));
const probe = (at: number): HistoryRecord => ({ kind: 'probe', at, host: report.host, ms: report.ms, ok: true, credentialTested: false, results: report.results });

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
    const audit: HistoryRecord = { kind: 'audit', at: 5, audit: { at: 5, pageState: 'available', accounts: [], findings: [{ code: 'not-secure', severity: 'warn' }] } };
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
    expect(parseExport(JSON.stringify(broken))).toMatchObject({ ok: false, error: 'invalid', detail: expect.stringContaining('records.0.at') });
    const future = { ...toExport([probe(1)]), version: 2 };
    expect(parseExport(JSON.stringify(future))).toMatchObject({ ok: false, error: 'invalid' });
  });
});
