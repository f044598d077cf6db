/**
 * Time per service over time, and pass/fail per run, as inline SVG built with Preact elements
 * (no markup strings). The last CHART_RUNS probe runs; x is the time of the run, y the service's
 * total time; a failed service is a cross in the failure colour at the time it took to fail. The
 * pass/fail strip below shares the same time axis: each run's bar is centred under its points, so
 * a gap in the history is a gap in the strip too, never a shift between the two.
 */
import { SERVICES, type Service } from '@/contract/mail2000';
import type { ProbeRun } from '@/utils/history/records';
import { t } from '@/utils/i18n/translate';
import { rowStatus } from '@/utils/probe/verdict';

export const CHART_RUNS = 100;
const W = 640;
const H = 220;
const PAD = { l: 56, r: 12, t: 12, b: 28 };
const fmtMs = (ms: number) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const STRIP = 14;
/** One colour per service, distinguishable in light and dark mode. */
const COLOURS: Record<Service, string> = {
  pop3: '#8250df',
  pop3s: '#0969da',
  imap: '#bf8700',
  imaps: '#1a7f37',
  smtp: '#bc4c00',
  smtps: '#cf222e',
  submission: '#57606a',
};

const niceMax = (v: number) => {
  const base = 10 ** Math.floor(Math.log10(Math.max(v, 1)));
  for (const m of [1, 2, 5, 10]) if (m * base >= v) return m * base;
  return 10 * base;
};

export function Chart({ runs }: { runs: ProbeRun[] }) {
  const shown = runs.slice(-CHART_RUNS);
  if (shown.length === 0) return <p data-testid="m2k-report-chart-empty">{t('report_chart_empty')}</p>;
  const t0 = shown[0]!.at;
  const t1 = shown[shown.length - 1]!.at;
  const maxMs = niceMax(Math.max(...shown.flatMap((r) => r.results.map((x) => x.ms)), 1));
  const plotW = W - PAD.l - PAD.r;
  // A run's bar is at most as wide as the runs would be if evenly spread; the time axis is inset by
  // half of that, so the first and the last bar stay inside the plot, centred under their points.
  const evenWidth = plotW / shown.length - 1;
  const x = (at: number) => (t1 === t0 ? PAD.l + plotW / 2 : PAD.l + evenWidth / 2 + ((at - t0) / (t1 - t0)) * (plotW - evenWidth));
  const y = (ms: number) => PAD.t + (1 - ms / maxMs) * (H - PAD.t - PAD.b);
  const fmt = (at: number) =>
    new Date(at).toLocaleString(undefined, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  // No wider than the closest two runs are apart, so bars of runs close in time do not cover each other.
  const closest = shown.slice(1).reduce((min, r, i) => Math.min(min, x(r.at) - x(shown[i]!.at)), Infinity);
  const barWidth = Math.max(2, Math.min(evenWidth, closest - 1));
  const services = SERVICES.filter((s) => shown.some((r) => r.results.some((x) => x.service === s)));
  return (
    <figure class="m2k-chart">
      <svg
        data-testid="m2k-report-chart"
        viewBox={`0 0 ${W} ${H + STRIP + 8}`}
        width="100%"
        role="img"
        aria-labelledby="m2k-chart-title m2k-chart-desc"
      >
        <title id="m2k-chart-title">{t('report_chart_title')}</title>
        <desc id="m2k-chart-desc">{t('report_chart_desc', [shown.length, fmt(t0), fmt(t1)])}</desc>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(maxMs * f)} y2={y(maxMs * f)} class="m2k-grid" />
            <text x={PAD.l - 6} y={y(maxMs * f) + 4} text-anchor="end" class="m2k-axis">
              {fmtMs(maxMs * f)}
            </text>
          </g>
        ))}
        <text x={PAD.l} y={H - 8} class="m2k-axis">
          {fmt(t0)}
        </text>
        <text x={W - PAD.r} y={H - 8} text-anchor="end" class="m2k-axis">
          {fmt(t1)}
        </text>
        {services.map((svc) => {
          const pts = shown.flatMap((r) => r.results.filter((x) => x.service === svc).map((res) => ({ at: r.at, res })));
          return (
            <g key={svc} data-service={svc}>
              <polyline
                fill="none"
                stroke={COLOURS[svc]}
                stroke-width="1.5"
                points={pts.map((p) => `${x(p.at).toFixed(1)},${y(p.res.ms).toFixed(1)}`).join(' ')}
              />
              {pts.map((p, i) => {
                const cx = x(p.at);
                const cy = y(p.res.ms);
                const status = rowStatus(p.res);
                return status === 'fail' ? (
                  <path
                    key={i}
                    data-testid="m2k-chart-point"
                    data-service={svc}
                    data-status={status}
                    d={`M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}`}
                    class="m2k-fail-mark"
                  />
                ) : (
                  <circle
                    key={i}
                    data-testid="m2k-chart-point"
                    data-service={svc}
                    data-status={status}
                    cx={cx}
                    cy={cy}
                    r="3"
                    fill={COLOURS[svc]}
                  />
                );
              })}
            </g>
          );
        })}
        {shown.map((r, i) => {
          const cx = x(r.at);
          return (
            <rect
              key={i}
              data-testid="m2k-chart-run"
              data-ok={String(r.ok)}
              x={cx - barWidth / 2}
              y={H + 4}
              width={barWidth}
              height={STRIP}
              class={r.ok ? 'm2k-run-ok' : 'm2k-run-fail'}
            >
              <title>{`${fmt(r.at)} — ${r.ok ? t('report_pass') : t('report_fail')}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>
        <ul class="m2k-legend">
          {services.map((svc) => (
            <li key={svc}>
              <span class="m2k-swatch" style={{ background: COLOURS[svc] }} aria-hidden="true" />
              {t(`service_${svc}`)}
            </li>
          ))}
          <li>
            <span class="m2k-swatch m2k-run-ok" aria-hidden="true" />
            {t('report_pass')}
          </li>
          <li>
            <span class="m2k-swatch m2k-run-fail" aria-hidden="true" />
            {t('report_fail')}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
