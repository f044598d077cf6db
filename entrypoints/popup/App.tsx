import { useEffect, useRef, useState } from 'preact/hooks';
import { snake, t } from '@/utils/i18n/translate';
import { DEFAULT_PORTS, MAIL2000_HOST, SERVICES, type Service } from '@/contract/mail2000';
import type { Audit } from '@/utils/audit/schema';
import type { Profile } from '@/utils/profile/schema';
import { effectiveUsername, seedProfile } from '@/utils/profile/seed';
import { DEV_PROGRAM, detectBrowser, installCommand } from '@/utils/probe/install-command';
import { MIN_HELPER_VERSION } from '@/contract/limits';
import { helperTooOld } from '@/contract/release';
import type { ClientPort } from '@/utils/messaging/run-port-client';
import type { StartProbe } from '@/utils/messaging/probe-port';
import type { Message } from '@/utils/messaging/messages';
import { browser } from 'wxt/browser';
import { verdictOf, verdictText } from '@/utils/probe/verdict';
import { HelperSetup } from '@/components/HelperSetup';
import { afterFirstPaint } from './after-first-paint';
import { AuditSummary } from './AuditSummary';
import { ForwardSummary } from './ForwardSummary';
import type { ForwardAudit } from '@/utils/forward/schema';
import type { ForwardTestResult } from '@/utils/forward-test/schema';
import { CredentialTest } from './CredentialTest';
import { PortRow } from './PortRow';
import { idle, reduce, resultsOf, started, type RunState } from './run-state';

/** A login test goes to the TLS services only: the password never crosses the network in the clear. */
const CREDENTIAL_SERVICES: Service[] = ['pop3s', 'imaps'];

const connect = (info: { name: string }) => browser.runtime.connect(info);

/** The zod/mini checks (./checks.ts): a separate chunk, fetched only once the first frame is up. */
type Checks = typeof import('./checks');
const loadChecks = (): Promise<Checks> => import('./checks');

/** Until the background has answered (and if it cannot): the default profile. */
const FALLBACK: Profile = seedProfile();

const credentialOutcome = (s: RunState): 'accepted' | 'rejected' | 'unknown' | undefined => {
  if (!s.credential || s.phase === 'running' || s.phase === 'idle') return undefined;
  const auths = resultsOf(s).map((r) => r.auth);
  if (auths.includes('rejected')) return 'rejected';
  if (auths.includes('accepted')) return 'accepted';
  return 'unknown';
};

export function App() {
  const [profile, setProfile] = useState<Profile>(FALLBACK);
  const [loaded, setLoaded] = useState(false);
  const [run, setRun] = useState<RunState>(() => idle(MAIL2000_HOST));
  const [audit, setAudit] = useState<Audit | null>(null);
  const [forward, setForward] = useState<ForwardAudit | null>(null);
  const [forwardTest, setForwardTest] = useState<ForwardTestResult | null>(null);
  const stop = useRef<(() => void) | undefined>(undefined);
  const checks = useRef<Checks | undefined>(undefined);

  // The first frame is the shell with the default profile; once it is on screen, both questions go to
  // the background at once while the checks chunk loads, and each reply is checked when both are there.
  useEffect(() => {
    const cancel = afterFirstPaint(() => {
      const send = (m: Message) => browser.runtime.sendMessage(m);
      const profileReply = send({ type: 'profile:get' });
      const auditReply = send({ type: 'audit:last' });
      const forwardReply = send({ type: 'forward:last' });
      forwardReply.catch(() => undefined);
      const testReply = send({ type: 'forward-test:last' });
      testReply.catch(() => undefined);
      // Handled below once the checks are loaded; this only keeps an early rejection from being reported as unhandled.
      profileReply.catch(() => undefined);
      auditReply.catch(() => undefined);
      const loading = loadChecks();
      void loading.then(async (c) => {
        const p = (await c.orNull(c.checkReply('profile:get', profileReply)))?.profile;
        checks.current = c;
        // An empty host means the background could not say: keep the default profile.
        if (p && p.host) setProfile(p);
        setLoaded(true);
      });
      void Promise.all([loading, auditReply])
        .then(async ([c]) => setAudit((await c.orNull(c.checkReply('audit:last', auditReply)))?.audit ?? null))
        .catch(() => setAudit(null));
      void loading
        .then(async (c) => setForward((await c.orNull(c.checkReply('forward:last', forwardReply)))?.audit ?? null))
        .catch(() => setForward(null));
      void loading
        .then(async (c) => setForwardTest((await c.orNull(c.checkReply('forward-test:last', testReply)))?.result ?? null))
        .catch(() => setForwardTest(null));
    });
    return () => {
      cancel();
      stop.current?.();
    };
  }, []);

  const begin = (services: Service[], credential?: { user: string; password: string }) => {
    // The run button and the credential test stay disabled until the checks are loaded (`loaded`).
    const startProbe = checks.current?.startProbe;
    if (!startProbe) return;
    stop.current?.();
    const ports = Object.fromEntries(services.map((s) => [s, profile.ports[s]])) as Partial<Record<Service, number>>;
    const req: StartProbe = { type: 'start', host: profile.host, ports, only: services, ...(credential ? { credential } : {}) };
    setRun(started(profile.host, services, !!credential));
    stop.current = startProbe(connect, req, (m) => setRun((s) => reduce(s, m)));
  };

  const running = run.phase === 'running';
  const results = resultsOf(run);
  const verdict = verdictOf(results, { host: run.host, final: run.phase !== 'running' });
  const command = (program: string) =>
    installCommand(
      program,
      detectBrowser(navigator as Navigator & { userAgentData?: { brands?: Array<{ brand: string }> } }),
      profile.host,
      Object.values(profile.ports),
      { host: MAIL2000_HOST, ports: Object.values(DEFAULT_PORTS) },
    );
  // The double-click install allows only the Mail2000 host on the standard ports; anything else
  // needs the command with --allow.
  const needsAllow = command('').includes(' --allow ');
  const tooOld = !!run.helperVersion && helperTooOld(run.helperVersion, MIN_HELPER_VERSION);

  return (
    <main class="m2k-popup">
      <header>
        <h1>{t('extName')}</h1>
        <p class="m2k-host">{t('popup_host', [profile.host])}</p>
      </header>
      {run.phase !== 'idle' && run.phase !== 'helper-missing' && run.phase !== 'error' && (
        <p class={`m2k-verdict m2k-${verdict.level}`} data-testid="m2k-verdict" data-level={verdict.level} role="status" aria-live="polite">
          {verdictText(verdict, t)}
        </p>
      )}
      <button type="button" class="m2k-run" data-testid="m2k-probe-run" disabled={running || !loaded} onClick={() => begin([...SERVICES])}>
        {running ? t('popup_running') : t('popup_run')}
      </button>
      {run.phase === 'helper-missing' && run.missing && (
        <HelperSetup
          reason={run.missing}
          command={command}
          needsAllow={needsAllow || run.missing === 'host-not-allowed'}
          devProgram={DEV_PROGRAM}
          host={profile.host}
          detail={run.detail}
        />
      )}
      {tooOld && run.phase !== 'helper-missing' && (
        <HelperSetup
          reason="outdated"
          command={command}
          needsAllow={needsAllow}
          devProgram={DEV_PROGRAM}
          host={profile.host}
          versions={{ found: run.helperVersion!, min: MIN_HELPER_VERSION }}
        />
      )}
      {run.phase === 'error' && (
        <p class="m2k-error" data-testid="m2k-probe-error" data-reason={run.error} role="alert">
          {t(`popup_error_${snake(run.error ?? 'internal')}`)}
          {run.detail ? ` (${run.detail})` : ''}
        </p>
      )}
      {run.services.length > 0 && run.phase !== 'helper-missing' && (
        <ul class="m2k-rows" aria-label={t('popup_rows')} aria-busy={running}>
          {run.services.map((svc) => (
            <PortRow key={svc} service={svc} port={profile.ports[svc]} result={run.results[svc]} running={running} />
          ))}
        </ul>
      )}
      <CredentialTest
        user={effectiveUsername(profile)}
        disabled={running || !loaded}
        outcome={credentialOutcome(run)}
        onTest={(user, password) => begin(CREDENTIAL_SERVICES, { user, password })}
      />
      <ForwardSummary audit={forward} test={forwardTest} />
      <AuditSummary audit={audit} />
      <footer>
        <a href="/report.html" target="_blank" data-testid="m2k-open-report">
          {t('open_report')}
        </a>
        <button type="button" class="m2k-link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popup_open_options')}
        </button>
      </footer>
    </main>
  );
}
