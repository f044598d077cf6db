/**
 * The human form of a probe report: one row per service, then the hints for what failed and the
 * notes for what passed with a warning, all in the terminal's language. Whatever came from the
 * server or the network (codes, certificate errors, hints that quote them) passes through inert().
 */
import { SERVICES } from '@/contract/mail2000';
import type { Hint, ProbeReport, ServiceResult } from '@/contract/protocol';
import { padEnd, padStart, displayWidth, type Lang } from './lang';
import { fill, texts } from './texts';
import { inert } from './inert';

function hintText(h: Hint, lang: Lang): string {
  return inert(lang === 'zh-TW' ? h.zh_TW : h.en);
}

function failedAt(r: ServiceResult, lang: Lang): string {
  const t = texts(lang);
  const bad = r.stages.find((s) => !s.ok);
  if (!bad) return '';
  return inert([t.stage[bad.name], bad.code].filter(Boolean).join(' '));
}

function certificate(r: ServiceResult, lang: Lang): string {
  const t = texts(lang);
  const parts: string[] = [];
  if (r.tls) {
    parts.push(
      r.tls.trusted && r.tls.nameMatches
        ? fill(t.certTrusted, { days: r.tls.daysLeft ?? '?' })
        : fill(t.certUntrusted, { error: r.tls.error ?? (r.tls.nameMatches ? 'untrusted' : 'name mismatch') }),
    );
  }
  if (r.auth) parts.push(t.auth[r.auth]);
  return inert(parts.join('; '));
}

export function renderReport(report: ProbeReport, lang: Lang): string {
  const t = texts(lang);
  const order = (r: ServiceResult) => SERVICES.indexOf(r.service);
  const results = [...report.results].sort((a, b) => order(a) - order(b));
  const head = [t.head.service, t.head.port, t.head.result, t.head.time, t.head.stage, t.head.cert];
  const rows = results.map((r) => [
    r.service,
    String(r.port),
    r.ok ? t.ok : t.fail,
    `${Math.round(r.ms)} ms`,
    failedAt(r, lang),
    certificate(r, lang),
  ]);
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i]!))));
  const right = new Set([1, 3]); // numbers line up on the right
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? padStart(c, widths[i]!) : i === cells.length - 1 ? c : padEnd(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  const passed = results.filter((r) => r.ok).length;
  out.push(fill(t.summary, { host: inert(report.host), passed, total: results.length, ms: Math.round(report.ms) }), '');
  out.push(line(head), line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) out.push(line(row));
  const hints = results.filter((r) => !r.ok && r.hint);
  if (hints.length) {
    out.push('', t.hints);
    for (const r of hints) out.push(`  ${r.service} (${r.port}): ${hintText(r.hint!, lang)}`);
  }
  // A passing service's hint is its first warning (see the engine): list each note once.
  const notes = results.flatMap((r) => {
    const all = [...(r.ok && r.hint ? [r.hint] : []), ...(r.warnings ?? [])];
    return all.filter((h, i) => all.findIndex((x) => x.code === h.code && x.en === h.en) === i).map((h) => ({ r, h }));
  });
  if (notes.length) {
    out.push('', t.warnings);
    for (const { r, h } of notes) out.push(`  ${r.service} (${r.port}): ${hintText(h, lang)}`);
  }
  return out.join('\n') + '\n';
}
