/**
 * Our own page for the forwarding test: the person types the Mail2000 password here (never into
 * Gmail's page); it goes once to the helper's `send-test` request through the background and is
 * kept nowhere (the field is cleared when the test starts). The page shows what the school's SPF
 * and DMARC mean for forwarded mail before anything is sent, then the send's stages and outcome,
 * the send by hand where the school refused it from this network, the Gmail tab's watch, the
 * person's yes or no where Gmail's feed cannot be read, and the result with its likely causes.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { CredentialProblem } from '@/contract/credential';
import { takeCredential } from '@/utils/password/take';
import { inert } from '@/contract/inert';
import type { MailPolicy, PolicyNoteCode } from '@/contract/mail-policy';
import type { SendStage, SendTestReport } from '@/contract/send-test';
import { HelperSetup, type HelperProblem } from '@/components/HelperSetup';
import { snake, t } from '@/utils/i18n/translate';
import { Result, SendResult, secs } from './Outcome';
import { createSend, orNull } from '@/utils/messaging/send';
import { sendToBackground } from '@/utils/messaging/runtime';
import type { ForwardTestToPage } from '@/utils/messaging/forward-test-port';
import { startForwardTest, type ForwardTestRun } from '@/utils/forward-test/client';
import type { AskReason, ForwardTestResult } from '@/utils/forward-test/schema';
import { watchLimits } from '@/utils/forward-test/watch-limits';
import { effectiveUsername, type Profile } from '@/utils/profile/schema';
import { DEV_PROGRAM, detectBrowser, installCommand } from '@/utils/probe/install-command';
import { DEFAULT_PORTS, MAIL2000_HOST } from '@/contract/mail2000';
import type { Connect } from '@/utils/messaging/run-port-client';

const send = createSend(sendToBackground);
const connect: Connect = (info) => browser.runtime.connect(info) as unknown as ReturnType<Connect>;

/** The sentences shown when the helper cannot read the school's records (no helper, DNS trouble). */
const GENERIC_NOTES: PolicyNoteCode[] = ['colleagues-pass', 'outside-dkim', 'keep-copy'];

type Phase =
  | { step: 'ready' }
  | { step: 'sending' }
  | { step: 'manual' }
  | { step: 'watching'; looks: number; ms: number }
  | { step: 'asking'; why: AskReason; answered?: boolean }
  | { step: 'done'; result: ForwardTestResult }
  | { step: 'missing'; reason: HelperProblem; detail: string }
  | { step: 'error'; reason: string; detail: string };

export function App() {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [context, setContext] = useState<{ watcher: boolean; gmail: string | null } | null>(null);
  const [policy, setPolicy] = useState<MailPolicy | null | undefined>(undefined);
  const [missing, setMissing] = useState<{ reason: HelperProblem; detail: string } | null>(null);
  const [user, setUser] = useState<string | null>(null);
  const [problem, setProblem] = useState<CredentialProblem | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'ready' });
  const [stages, setStages] = useState<SendStage[]>([]);
  const [report, setReport] = useState<SendTestReport | null>(null);
  const pw = useRef<HTMLInputElement>(null);
  const run = useRef<ForwardTestRun | null>(null);

  useEffect(() => {
    void orNull(send('profile:get')).then((r) => setProfile(r?.profile ?? null));
    void orNull(send('forward-test:context')).then((r) => setContext(r ?? { watcher: false, gmail: null }));
    void orNull(send('forward-test:policy')).then((r) => {
      setPolicy(r?.policy ?? null);
      if (r?.missing) setMissing(r.missing);
    });
    return () => run.current?.close();
  }, []);

  const onMessage = (m: ForwardTestToPage): void => {
    if (m.type === 'stage') setStages((s) => [...s, m.stage]);
    else if (m.type === 'report') {
      setReport(m.report);
      setPhase(m.report.sent ? { step: 'watching', looks: 0, ms: 0 } : m.report.manualSend ? { step: 'manual' } : { step: 'sending' });
    } else if (m.type === 'watch') setPhase({ step: 'watching', looks: m.seen.looks, ms: m.seen.ms });
    else if (m.type === 'ask') setPhase({ step: 'asking', why: m.why });
    else if (m.type === 'result') setPhase({ step: 'done', result: m.result });
    else if (m.type === 'helper-missing') setPhase({ step: 'missing', reason: m.reason, detail: m.detail });
    else if (m.type === 'error') setPhase({ step: 'error', reason: m.reason, detail: m.detail });
  };

  const name = user ?? (profile ? effectiveUsername(profile) : '');
  const submit = (e: Event) => {
    e.preventDefault();
    if (!pw.current) return;
    // The password leaves this field for the one request, and is not kept on this page.
    const { credential, problem: found } = takeCredential(pw.current, name);
    setProblem(found);
    if (!credential) return;
    setStages([]);
    setReport(null);
    setPhase({ step: 'sending' });
    run.current?.close();
    run.current = startForwardTest(connect, credential, onMessage);
  };

  const host = profile?.host ?? MAIL2000_HOST;
  const helperState = phase.step === 'missing' ? phase : missing;
  const notes = policy ? policy.notes.map((n) => n.code) : GENERIC_NOTES;
  const busy = phase.step === 'sending' || phase.step === 'watching' || phase.step === 'manual' || phase.step === 'asking';
  const limitMin = Math.max(1, Math.round(watchLimits().limitMs / 60_000));

  return (
    <main class="m2k-ft" data-testid="m2k-ft" data-step={phase.step}>
      <h1>{t('ft_title')}</h1>
      <p>{t('ft_intro', [profile?.address || '—'])}</p>
      {context && (
        <p class={context.watcher ? 'm2k-note' : 'm2k-warn'} data-testid="m2k-ft-watcher" data-watcher={String(context.watcher)}>
          {context.watcher ? t('ft_watcher', [context.gmail ?? 'Gmail']) : t('ft_no_watcher')}
        </p>
      )}

      <section data-testid="m2k-ft-risk" data-source={policy ? 'dns' : policy === null ? 'generic' : 'loading'}>
        <h2>{t('ft_risk_title')}</h2>
        <ul>
          {notes.map((code) => (
            <li key={code} data-testid="m2k-ft-risk-note" data-code={code}>
              {t(`sendtest_policy_${snake(code)}`)}
            </li>
          ))}
        </ul>
      </section>

      {helperState ? (
        <section data-testid="m2k-ft-helper">
          <HelperSetup
            reason={helperState.reason}
            command={(program) =>
              installCommand(
                program,
                detectBrowser(navigator as Navigator & { userAgentData?: { brands?: Array<{ brand: string }> } }),
                host,
                [],
                {
                  host: MAIL2000_HOST,
                  ports: Object.values(DEFAULT_PORTS),
                },
              )
            }
            needsAllow={helperState.reason === 'host-not-allowed' || host !== MAIL2000_HOST}
            devProgram={DEV_PROGRAM}
            host={host}
            detail={helperState.detail}
          />
        </section>
      ) : (
        <form onSubmit={submit} autocomplete="off" data-testid="m2k-ft-form">
          <p class="m2k-note">{t('ft_password_note')}</p>
          <label for="m2k-ft-user">{t('popup_cred_user')}</label>
          <input
            id="m2k-ft-user"
            data-testid="m2k-ft-user"
            value={name}
            onInput={(e) => setUser(e.currentTarget.value)}
            autocomplete="username"
          />
          <label for="m2k-ft-password">{t('popup_cred_password')}</label>
          <input id="m2k-ft-password" data-testid="m2k-ft-password" type="password" ref={pw} autocomplete="off" />
          <button type="submit" data-testid="m2k-ft-send" disabled={busy || !profile?.address}>
            {t('ft_send')}
          </button>
          {!profile?.address && profile && <p class="m2k-warn">{t('ft_no_address')}</p>}
          {problem && (
            <p class="m2k-error" data-testid="m2k-ft-problem" data-problem={problem} role="alert">
              {t(`popup_cred_problem_${snake(problem)}`)}
            </p>
          )}
        </form>
      )}

      {stages.length > 0 && (
        <section>
          <h2>{t('ft_stages')}</h2>
          <ul data-testid="m2k-ft-stages">
            {stages.map((s, i) => (
              <li key={i} data-testid="m2k-ft-stage" data-name={s.name} data-ok={String(s.ok)}>
                {s.service} {s.port} · {s.name} {s.ok ? '✓' : '✕'} ({Math.round(s.ms)} ms){s.detail ? ` — ${inert(s.detail)}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      {report && <SendResult report={report} />}

      {phase.step === 'manual' && report?.manualSend && (
        <section data-testid="m2k-ft-manual">
          <p class="m2k-warn">{t('ft_manual_explain', [report.manualSend.to])}</p>
          <p>
            <code data-testid="m2k-ft-manual-subject">{report.manualSend.subject}</code>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(report.manualSend!.subject).catch(() => undefined)}>
              {t('manual_copy')}
            </button>
          </p>
          <p class="m2k-note">{t('ft_manual_watch')}</p>
          <button type="button" data-testid="m2k-ft-manual-sent" onClick={() => run.current?.say({ type: 'manual-sent' })}>
            {t('ft_manual_sent')}
          </button>
        </section>
      )}

      {phase.step === 'watching' && (
        <p class="m2k-note" data-testid="m2k-ft-watch" data-looks={phase.looks} role="status" aria-live="polite">
          {t('ft_watching', [secs(phase.ms), limitMin])}
        </p>
      )}

      {phase.step === 'asking' && (
        <section data-testid="m2k-ft-ask" data-why={phase.why}>
          <p class="m2k-warn">{t(`ft_ask_${snake(phase.why)}`)}</p>
          <p>{t('ft_ask_question')}</p>
          <p>
            <button type="button" data-testid="m2k-ft-yes" onClick={() => run.current?.say({ type: 'confirm', arrived: true })}>
              {t('ft_yes')}
            </button>{' '}
            <button type="button" data-testid="m2k-ft-no" onClick={() => run.current?.say({ type: 'confirm', arrived: false })}>
              {t('ft_no')}
            </button>
          </p>
        </section>
      )}

      {phase.step === 'done' && <Result result={phase.result} limitMin={limitMin} />}
      {phase.step === 'error' && (
        <p class="m2k-error" data-testid="m2k-ft-error" data-reason={phase.reason} role="alert">
          {phase.reason === 'rate-limited'
            ? t('ft_rate_limited')
            : phase.reason === 'busy'
              ? t('ft_busy')
              : t('ft_error', [inert(phase.detail)])}
        </p>
      )}
    </main>
  );
}
