// @vitest-environment happy-dom
// The report's chart (entrypoints/report/Chart.tsx): the pass/fail strip and the per-service points
// share one time axis, so a gap in the history is a gap in both and each run's bar stays under its
// points. (The chart in real Chromium with real IndexedDB: tests/e2e/report.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { Chart } from '@/entrypoints/report/Chart';
import type { ProbeRun } from '@/utils/history/records';
import type { ServiceResult } from '@/contract/protocol';
import { useLocale } from '../support/i18n/locale';

afterEach(() => document.body.replaceChildren());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 2, 9, 0);

const result = (service: ServiceResult['service'], port: number, ok: boolean, ms: number): ServiceResult => ({
  service,
  port,
  ok,
  ms,
  stages: [{ name: 'tcp', ok, ms }],
  warnings: [],
});
const run = (at: number, pop3sOk: boolean): ProbeRun => ({
  kind: 'probe',
  at,
  host: 'mail.au.edu.tw',
  ms: 900,
  ok: pop3sOk,
  credentialTested: false,
  results: [result('pop3s', 995, pop3sOk, pop3sOk ? 300 : 800), result('imaps', 993, true, 200)],
});

/** Three runs an hour apart, two days without any, then two more: the history has a gap. */
const WITH_GAP = [run(T0, true), run(T0 + HOUR, false), run(T0 + 2 * HOUR, true), run(T0 + 2 * DAY, false), run(T0 + 2 * DAY + HOUR, true)];

const mount = (runs: ProbeRun[]) => {
  useLocale('en');
  const root = document.createElement('div');
  document.body.append(root);
  render(<Chart runs={runs} />, root);
  return root;
};
const num = (el: Element, attr: string) => Number(el.getAttribute(attr));
/** Where a bar's middle is. */
const barCentres = (root: Element) =>
  [...root.querySelectorAll('[data-testid="m2k-chart-run"]')].map((r) => num(r, 'x') + num(r, 'width') / 2);
/** Where each point of one service is: a circle's centre, or the middle of a failure's cross. */
const pointXs = (root: Element, service: string) =>
  [...root.querySelectorAll(`[data-testid="m2k-chart-point"][data-service="${service}"]`)].map((p) =>
    p.tagName.toLowerCase() === 'circle' ? num(p, 'cx') : Number(/^M([\d.-]+),/.exec(p.getAttribute('d') ?? '')![1]) + 4,
  );

describe('Chart', () => {
  it('puts each run’s bar under its points when the history has a gap', () => {
    const root = mount(WITH_GAP);
    const bars = barCentres(root);
    expect(bars).toHaveLength(WITH_GAP.length);
    for (const service of ['pop3s', 'imaps']) {
      const points = pointXs(root, service);
      expect(points).toHaveLength(WITH_GAP.length);
      points.forEach((px, i) => expect(bars[i]).toBeCloseTo(px, 6));
    }
    // The gap shows: two days apart is far wider than an hour apart, in the strip as in the points.
    expect(bars[3]! - bars[2]!).toBeGreaterThan(20 * (bars[1]! - bars[0]!));
    // A failed run's bar is the failed one, under the cross.
    const kinds = [...root.querySelectorAll('[data-testid="m2k-chart-run"]')].map((r) => r.getAttribute('data-ok'));
    expect(kinds).toEqual(['true', 'false', 'true', 'false', 'true']);
    const statuses = [...root.querySelectorAll('[data-testid="m2k-chart-point"][data-service="pop3s"]')].map((p) =>
      p.getAttribute('data-status'),
    );
    expect(statuses).toEqual(['ok', 'fail', 'ok', 'fail', 'ok']);
  });

  it('keeps bars of runs close in time from covering each other, and every bar inside the plot', () => {
    const root = mount(WITH_GAP);
    const rects = [...root.querySelectorAll('[data-testid="m2k-chart-run"]')];
    const svgWidth = Number(root.querySelector('svg')!.getAttribute('viewBox')!.split(' ')[2]);
    rects.forEach((r, i) => {
      expect(num(r, 'x')).toBeGreaterThanOrEqual(0);
      expect(num(r, 'x') + num(r, 'width')).toBeLessThanOrEqual(svgWidth);
      const next = rects[i + 1];
      if (next) expect(num(r, 'x') + num(r, 'width')).toBeLessThanOrEqual(num(next, 'x'));
    });
  });

  it('centres a single run’s bar under its point', () => {
    const root = mount([run(T0, true)]);
    expect(barCentres(root)[0]).toBeCloseTo(pointXs(root, 'pop3s')[0]!, 6);
  });
});
