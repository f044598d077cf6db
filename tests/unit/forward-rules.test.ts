// The audit of Mail2000's auto-forward settings (utils/forward/rules.ts): each finding from the
// settings that cause it, and none from settings that are right.
import { describe, expect, it } from 'vitest';
import { forwardFindings } from '@/utils/forward/rules';
import type { ForwardRead } from '@/utils/forward/schema';

const NOW = Date.parse('2026-12-02T08:00:00Z');
const GMAIL = 'tester.m2k@gmail.com';
const read = (over: Partial<ForwardRead>): ForwardRead => ({
  at: NOW,
  site: 'mail.au.edu.tw',
  enabled: true,
  targets: [GMAIL],
  keepCopy: true,
  endDate: null,
  ...over,
});
const codes = (over: Partial<ForwardRead>, gmail: string | null = GMAIL) => forwardFindings(read(over), gmail, NOW).map((f) => f.code);

describe('forwardFindings', () => {
  it('nothing to say about forwarding to this Gmail with a copy kept and no end', () => {
    expect(codes({})).toEqual([]);
    expect(codes({ enabled: null, keepCopy: null })).toEqual([]);
    expect(codes({ targets: [GMAIL.toUpperCase()] })).toEqual([]);
  });

  it('off, or on without a target: that alone', () => {
    expect(forwardFindings(read({ enabled: false, keepCopy: false, endDate: '2020-01-01' }), GMAIL, NOW)).toEqual([
      { code: 'forward-off', severity: 'error' },
    ]);
    expect(forwardFindings(read({ targets: [] }), GMAIL, NOW)).toEqual([{ code: 'forward-off', severity: 'error' }]);
  });

  it('to another address (named), and only when this Gmail is not among the targets', () => {
    expect(forwardFindings(read({ targets: ['x@example.org'] }), GMAIL, NOW)).toEqual([
      { code: 'forward-elsewhere', severity: 'error', account: 'x@example.org', evidence: 'x@example.org' },
    ]);
    expect(codes({ targets: ['x@example.org'] }, null)).toEqual([]);
    expect(codes({ targets: ['x@example.org', GMAIL] })).toEqual(['forward-many']);
  });

  it('no copy kept', () => {
    expect(codes({ keepCopy: false })).toEqual(['forward-no-copy']);
  });

  it('an end date: passed is an error, within 30 days a warning, later nothing', () => {
    expect(forwardFindings(read({ endDate: '2026-12-01' }), GMAIL, NOW)).toEqual([
      { code: 'forward-ended', severity: 'error', evidence: '2026-12-01' },
    ]);
    expect(codes({ endDate: '2026-12-02' })).toEqual(['forward-ending']);
    expect(codes({ endDate: '2027-01-01' })).toEqual(['forward-ending']);
    expect(codes({ endDate: '2027-01-02' })).toEqual([]);
    expect(codes({ endDate: '2027-02-30' })).toEqual([]);
  });

  it('several at once, in the order a person fixes them', () => {
    expect(codes({ targets: ['a@example.org', 'b@example.org'], keepCopy: false, endDate: '2026-12-20' })).toEqual([
      'forward-elsewhere',
      'forward-no-copy',
      'forward-ending',
      'forward-many',
    ]);
  });
});
