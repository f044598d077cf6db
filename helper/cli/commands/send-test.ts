/**
 * `m2k-probe send-test`: the forwarding test from the command line. The password is read from
 * standard input and checked like the login test's; the report is printed as JSON or as steps in
 * the terminal's language, every server text redacted by the test and made inert here.
 */
import type { Readable } from 'node:stream';
import type { SendTestReport } from '@/contract/send-test';
import { addressDomain } from '@/contract/known-sites';
import { chooseHost } from '../../send-test/host-choice';
import { makePolicyResolver } from '../../send-test/policy';
import { runSendTest, sendTestPassed } from '../../send-test/run';
import { UsageError } from '../args';
import { inert, inertJson } from '../inert';
import { displayWidth, padEnd, padStart, type Lang } from '../lang';
import { readCredential } from '../password';
import type { SendTestArgs } from '../send-test-args';
import { fill, texts } from '../texts';
import { readCa, type CliIO } from '../io';

type SendTestIO = Pick<CliIO, 'stdin' | 'stdout' | 'stderr'>;

/** Exit status 0 when the message was accepted (and, with --check-copy, its copy found without a bounce); 1 otherwise. */
export async function sendTestCommand(a: SendTestArgs, io: SendTestIO, lang: Lang): Promise<number> {
  const t = texts(lang).sendTest;
  const choice = chooseHost(a.address, a.host);
  if (!('source' in choice)) throw new UsageError(fill(t.noHost, { domain: addressDomain(a.address) }));
  const ca = a.ca ? readCa(a.ca) : undefined;
  let credential: { user: string; password: string } | undefined = await readCredential(
    a.user,
    io.stdin as Readable & { isTTY?: boolean },
    io.stderr,
    lang,
  );
  const report = await runSendTest(
    {
      address: a.address,
      host: choice.host,
      hostSource: choice.source,
      ports: a.ports,
      credential,
      checkCopy: a.checkCopy,
      timeoutMs: a.timeoutMs,
      ca,
    },
    undefined,
    undefined,
    { resolver: makePolicyResolver(a.dns) },
  );
  credential = undefined;
  io.stdout.write(a.json ? inertJson(report) + '\n' : renderSendTest(report, lang));
  return sendTestPassed(report) ? 0 : 1;
}

/** The human form: what was tested, each step, the result and what to do, and what the domain's records mean. */
function renderSendTest(r: SendTestReport, lang: Lang): string {
  const all = texts(lang);
  const t = all.sendTest;
  const say = (x: { en: string; zh_TW: string }) => (lang === 'zh-TW' ? x.zh_TW : x.en);
  const out: string[] = [
    fill(t.head, { address: r.address, host: r.host, why: r.hostSource === 'given' ? t.whyGiven : t.whyKnown }),
    fill(t.subject, { subject: r.subject }),
    fill(t.token, { token: r.token }),
    '',
    t.steps,
  ];
  const rows = r.stages.map((s) => [
    `${s.service} ${s.port}`,
    all.stage[s.name as keyof typeof all.stage] ?? s.name,
    s.ok ? t.ok : t.fail,
    `${Math.round(s.ms)} ms`,
    inert([s.code, s.detail].filter(Boolean).join(' ')).slice(0, 160),
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => displayWidth(row[i]!)), 1));
  for (const row of rows)
    out.push(`  ${row.map((c, i) => (i === 3 ? padStart(c, widths[i]!) : i === 4 ? c : padEnd(c, widths[i]!))).join('  ')}`.trimEnd());
  out.push('');
  out.push(r.sent && r.via ? fill(t.sent, { service: r.via.service, port: r.via.port, ms: Math.round(r.sendMs ?? r.ms) }) : t.notSent);
  if (r.refusal?.detail || r.refusal?.reply) {
    out.push(fill(t.serverSaid, { text: inert([r.refusal.reply, r.refusal.detail].filter((x) => x !== undefined).join(' ')) }));
  }
  if (r.copy) {
    const s = (r.copy.ms / 1000).toFixed(1);
    out.push(
      r.copy.found
        ? fill(t.copyFound, { s, via: r.copy.via, looks: r.copy.looks })
        : fill(t.copyMissing, { s, via: r.copy.via, looks: r.copy.looks, code: r.copy.code ? `, ${r.copy.code}` : '' }),
    );
  }
  if (r.bounce) {
    const b = r.bounce;
    out.push(
      fill(t.bounce, {
        status: b.status ?? '',
        reply: b.reply ? ` ${b.reply}` : '',
        recipient: b.recipient ? ` <${inert(b.recipient)}>` : '',
        detail: b.detail ? `: ${inert(b.detail)}` : '',
      }),
    );
  }
  out.push('', say(r.hint));
  if (r.manualSend) out.push(fill(t.manual, { to: r.manualSend.to }), `  ${r.manualSend.subject}`);
  if (r.policy) {
    const p = r.policy;
    const spfState = !p.spf.found
      ? t.spfNone
      : fill(p.spf.server === 'listed' ? t.spfListed : p.spf.server === 'not-listed' ? t.spfNotListed : t.spfUnknown, { host: p.host });
    out.push('', fill(t.policy, { domain: p.domain }));
    out.push(`  ${fill(t.spf, { state: spfState })}${p.spf.record ? ` (${inert(p.spf.record).slice(0, 200)})` : ''}`);
    out.push(
      `  ${fill(t.dmarc, { state: p.dmarc.found && p.dmarc.policy ? fill(t.dmarcPolicy, { policy: p.dmarc.policy }) : t.dmarcNone })}`,
    );
    for (const n of p.notes) out.push(`  - ${say(n)}`);
  }
  return out.join('\n') + '\n';
}
