/**
 * A readable summary for a helpdesk ticket, as Markdown: what was checked, the verdict, one line per
 * service with its failing stage and hint, certificate expiry, and the last audit's findings.
 * Pure (translator passed in), so it is the same in the page and in tests.
 */
import type { AuditRun, ForwardRun, ProbeRun } from '@/utils/history/records';
import { snake, type Translate } from '@/utils/i18n/translate';
import { firstFailedStage, rowStatus, verdictOf, verdictText } from '@/utils/probe/verdict';

/** Markdown's special characters in text we did not write (greetings, hints, error details). */
const md = (s: string) => s.replace(/([\\`*_[\]|<>])/g, '\\$1').replace(/\r?\n/g, ' ');

export const markdownSummary = (
  probe: ProbeRun | undefined,
  audit: AuditRun | undefined,
  t: Translate,
  lang: 'en' | 'zh_TW',
  version: string,
  forward?: ForwardRun,
): string => {
  // History hands over only plausible dates; a summary must still never throw on one that is not.
  const when = (at: number) => {
    const d = new Date(at);
    return Number.isNaN(d.getTime()) ? '?' : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  };
  const out: string[] = [`# ${t('report_summary_title')}`, '', `${t('report_summary_made_by', [version])}`, ''];
  if (!probe) out.push(t('report_no_probe'), '');
  else {
    const v = verdictOf(probe.results, { host: probe.host, final: true });
    out.push(
      `## ${t('report_latest_probe')}`,
      '',
      `- ${t('report_when')}: ${when(probe.at)}`,
      `- ${t('report_host')}: ${md(probe.host)}`,
      `- ${t('report_verdict')}: **${md(verdictText(v, t))}**`,
      `- ${t('report_credential_tested')}: ${probe.credentialTested ? t('common_yes') : t('common_no')}`,
      '',
      `| ${t('report_col_service')} | ${t('report_col_port')} | ${t('report_col_status')} | ${t('report_col_ms')} | ${t('report_col_detail')} |`,
      '|---|---|---|---|---|',
    );
    for (const r of probe.results) {
      const failed = firstFailedStage(r);
      const detail = [
        failed ? `${failed.name}${failed.code ? ` ${failed.code}` : ''}` : '',
        r.hint ? r.hint[lang] : '',
        ...r.warnings.map((w) => w[lang]),
        r.tls?.daysLeft !== undefined ? t('report_cert_days', [Math.round(r.tls.daysLeft)]) : '',
        r.auth && r.auth !== 'not-tried' ? t(`report_auth_${snake(r.auth)}`) : '',
      ].filter(Boolean);
      out.push(
        `| ${t(`service_${r.service}`)} | ${r.port} | ${t(`status_${rowStatus(r)}`)} | ${Math.round(r.ms)} | ${md(detail.join('; '))} |`,
      );
    }
    out.push('');
  }
  if (audit) {
    out.push(`## ${t('report_latest_audit')}`, '', `- ${t('report_when')}: ${when(audit.at)}`);
    if (audit.audit.findings.length === 0) out.push(`- ${t('report_no_findings')}`);
    for (const f of audit.audit.findings) {
      out.push(`- ${t(`finding_${snake(f.code)}`)}${f.account ? ` (${md(f.account)})` : ''}${f.evidence ? ` — “${md(f.evidence)}”` : ''}`);
    }
    out.push('');
  }
  if (forward) {
    const a = forward.audit;
    out.push(
      `## ${t('report_latest_forward')}`,
      '',
      `- ${t('report_when')}: ${when(forward.at)}`,
      `- ${t('report_forward_site')}: ${md(a.site)}`,
    );
    if (a.targets.length) out.push(`- ${t('report_forward_targets')}: ${md(a.targets.join(', '))}`);
    if (a.findings.length === 0) out.push(`- ${t('report_no_findings')}`);
    for (const f of a.findings)
      out.push(`- ${t(`finding_${snake(f.code)}`)}${f.account ? ` (${md(f.account)})` : ''}${f.evidence ? ` — “${md(f.evidence)}”` : ''}`);
    out.push('');
  }
  return out.join('\n');
};
