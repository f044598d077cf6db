/**
 * The human form of a discovery: the best choice and why, the other working choices, and every
 * name tried with its addresses, the ones set aside and why. Server texts (a greeting quoted in a
 * reason, a certificate error) and DNS answers pass through inert().
 */
import type { DiscoverReport } from '@/contract/discovery';
import { displayWidth, padEnd, padStart, type Lang } from './lang';
import { fill, texts } from './texts';
import { inert } from './inert';

export function renderDiscovery(report: DiscoverReport, lang: Lang): string {
  const t = texts(lang).discover;
  const say = (x: { en: string; zh_TW: string }) => inert(lang === 'zh-TW' ? x.zh_TW : x.en);
  const out: string[] = [
    fill(t.summary, {
      domain: inert(report.domain),
      candidates: report.candidates.length,
      working: report.choices.length,
      ms: Math.round(report.ms),
    }),
    '',
  ];
  const best = report.choices[0];
  if (!best) {
    out.push(fill(t.none, { domain: inert(report.domain) }));
  } else {
    out.push(best.pop ? fill(t.best, { host: inert(best.host), port: best.pop.port, ssl: t.ssl }) : inert(best.host));
    if (best.pop && !best.pop.reached) out.push(fill(t.notReached, { port: best.pop.port }));
    out.push(t.why);
    for (const r of best.reasons) out.push(`  ${r.good ? '+' : '-'} ${say(r)}`);
    out.push('');
    const head = [t.head.rank, t.head.host, t.head.score, t.head.pop, t.head.services];
    const rows = report.choices.map((c) => [
      String(c.rank),
      inert(c.host),
      String(c.score),
      c.pop ? `${c.pop.port} SSL${c.pop.reached ? '' : ' (?)'}` : '-',
      c.services
        .filter((s) => s.answered)
        .map((s) => `${s.service}:${s.port}`)
        .join(' '),
    ]);
    const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i === 0 || i === 2 ? padStart(c, widths[i]!) : i === cells.length - 1 ? c : padEnd(c, widths[i]!)))
        .join('  ')
        .trimEnd();
    out.push(line(head), line(widths.map((w) => '-'.repeat(w))));
    for (const r of rows) out.push(line(r));
    if (report.choices.length > 1) {
      out.push('', t.others);
      for (const c of report.choices.slice(1))
        out.push(`  ${inert(c.host)}: ${c.reasons.map((r) => `${r.good ? '+' : '-'} ${say(r)}`).join('; ')}`);
    }
  }
  out.push('', t.names);
  for (const c of report.candidates) {
    const used = c.addresses.map((a) => (c.inside.includes(a) ? fill(t.inside, { address: a }) : a));
    const extra = c.dns ? fill(t.notResolved, { code: c.dns }) : used.join(', ') || t.noneUsed;
    out.push(inert(`  ${c.host} (${c.sources.join(', ')}): ${extra}`));
    for (const s of c.skipped) out.push(inert(`    ${fill(t.skipped, { address: s.address, why: t.skipReason[s.reason] })}`));
    for (const a of c.aliases) out.push(inert(`    ${a}: ${fill(t.alias, { host: c.host })}`));
  }
  return out.join('\n') + '\n';
}
