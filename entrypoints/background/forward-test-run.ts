/**
 * One forwarding test on one page port (forward-test.ts serves the port): the helper's send-test
 * with the credential in that one request, its stages and report relayed; then the bound Gmail
 * tab's watch of its feed, or the person's yes or no; the result stored in history and for the
 * popup, then sent. The page closing ends the watch, and nothing is recorded.
 */
import type { HostReply, SendTestRequest } from '@/contract/protocol';
import type { SendTestReport } from '@/contract/send-test';
import type { Profile } from '@/utils/profile/schema';
import { effectiveUsername } from '@/utils/profile/schema';
import { PageToForwardTestSchema, isForwardTestFinal, type ForwardTestToPage } from '@/utils/messaging/forward-test-port';
import type { AskReason, FeedSeen, ForwardTestResult } from '@/utils/forward-test/schema';
import type { TestOutcome } from '@/utils/forward-test/outcomes';
import { watchLimits } from '@/utils/forward-test/watch-limits';
import type { RunFailure } from '@/utils/messaging/run-port';
import { GmailAddressSchema } from '@/utils/forward/schema';
import type { PortLike } from './bridge-deps';
import { runId, runOverHost } from './host-run';

import type { ForwardTestDeps } from './forward-test';

/** Where the last result is kept (storage.local) for the popup. */
export const LAST_FORWARD_TEST_KEY = 'm2k:lastForwardTest';

/** How long after the watch's limit the background waits for the Gmail tab's last word before it calls the test. */
const WATCH_GRACE_MS = 15_000;

/** A test whose Gmail tab is watching: its reports go to `heard`. */
export interface Watching {
  gmailTab: number;
  heard(seen: FeedSeen): void;
}

/** What every test of one background shares. */
export interface TestRunContext {
  deps: ForwardTestDeps;
  now: () => number;
  /** The tests being watched, by token. */
  watching: Map<string, Watching>;
  admitSend(): Promise<string | null>;
  /** The binding of our test page's tab: the Gmail tab to watch and its address. */
  bindingOf(tab: number | undefined): Promise<{ gmailTab: number | null; gmail: string | null } | null>;
}

/** One test on one page port. */
export function runTest(ctx: TestRunContext, port: PortLike, pageTab: number | undefined): void {
  const { deps, now, watching, admitSend, bindingOf } = ctx;
  let open = true;
  let phase: 'idle' | 'sending' | 'manual' | 'watching' | 'asking' | 'done' = 'idle';
  let report: SendTestReport | undefined;
  let profile: Profile | undefined;
  let gmailTab: number | null = null;
  let gmail: string | null = null;
  let watchTimer: ReturnType<typeof setTimeout> | undefined;
  let feedProblem: AskReason | undefined;
  let manualSent = false;

  const post = (m: ForwardTestToPage): void => {
    if (!open) return;
    port.postMessage(m);
    if (isForwardTestFinal(m)) {
      open = false;
      port.disconnect();
    }
  };
  const stopWatch = (): void => {
    clearTimeout(watchTimer);
    if (report && watching.delete(report.token) && gmailTab !== null)
      deps.tellTab(gmailTab, { type: 'm2k:feed-watch-stop', token: report.token }).catch(() => undefined);
  };
  port.onDisconnect.addListener(() => {
    // The page closed: the watch ends with it, and nothing is recorded (the person left the test).
    open = false;
    if (phase !== 'done') stopWatch();
    phase = 'done';
  });

  const finishWith = async (outcome: TestOutcome, extra: Partial<ForwardTestResult> = {}): Promise<void> => {
    if (phase === 'done' || !report || !profile) return;
    phase = 'done';
    stopWatch();
    const parsedGmail = GmailAddressSchema.safeParse(gmail);
    const result: ForwardTestResult = {
      at: now(),
      site: profile.host.toLowerCase(),
      address: report.address,
      gmail: parsedGmail.success ? parsedGmail.data : null,
      token: report.token,
      outcome,
      send: !report.sent && manualSent ? 'manual' : report.outcome,
      ...(report.copy ? { copy: { found: report.copy.found, ms: report.copy.ms } } : {}),
      ...(report.bounce ? { bounced: true } : {}),
      ...(feedProblem ? { feedProblem } : {}),
      ...extra,
    };
    await deps.saveRun({ kind: 'forward-test', at: result.at, test: result }).catch(() => undefined);
    await deps.area.set({ [LAST_FORWARD_TEST_KEY]: result }).catch(() => undefined);
    post({ type: 'result', result });
  };

  const ask = (why: AskReason): void => {
    feedProblem = why;
    phase = 'asking';
    stopWatch();
    post({ type: 'ask', why });
  };

  const startWatch = (): void => {
    if (!report) return;
    if (gmailTab === null) return ask('no-gmail-tab');
    phase = 'watching';
    const token = report.token;
    const limits = watchLimits();
    watching.set(token, {
      gmailTab,
      heard: (seen) => {
        if (phase !== 'watching') return;
        if (seen.state === 'looking') post({ type: 'watch', seen });
        else if (seen.state === 'arrived') void finishWith('arrived', { arrivedMs: Math.round(seen.ms), watchedMs: Math.round(seen.ms) });
        else if (seen.state === 'timeout') void finishWith('not-arrived', { watchedMs: Math.round(seen.ms) });
        else if (seen.state === 'unreadable') ask(seen.problem);
        else ask('stopped');
      },
    });
    deps.tellTab(gmailTab, { type: 'm2k:feed-watch', token }).then(
      () => {
        // The tab's own limit ends the watch; this only covers a tab that went quiet.
        watchTimer = setTimeout(
          () => phase === 'watching' && void finishWith('not-arrived', { watchedMs: limits.limitMs }),
          limits.limitMs + WATCH_GRACE_MS,
        );
      },
      () => phase === 'watching' && ask('no-gmail-tab'),
    );
  };

  port.onMessage.addListener((raw) => {
    const parsed = PageToForwardTestSchema.safeParse(raw);
    if (!parsed.success) return post({ type: 'error', reason: 'bad-request', detail: parsed.error.issues[0]?.message ?? 'bad request' });
    const m = parsed.data;
    if (m.type === 'start' && phase === 'idle') {
      phase = 'sending';
      void (async () => {
        profile = await deps.loadProfile();
        const binding = await bindingOf(pageTab);
        gmailTab = binding?.gmailTab ?? null;
        gmail = binding?.gmail ?? null;
        if (!profile.address) return post({ type: 'error', reason: 'no-profile', detail: 'the profile has no Mail2000 address' });
        const paced = await admitSend();
        if (paced) return post({ type: 'error', reason: 'rate-limited', detail: paced });
        const refused = deps.limits.acquire(true);
        if (refused) return post({ type: 'error', reason: refused.reason, detail: refused.detail });
        const id = runId('t');
        const request: SendTestRequest = {
          type: 'send-test',
          id,
          address: profile.address,
          host: profile.host,
          ports: {
            smtps: profile.ports.smtps,
            submission: profile.ports.submission,
            imaps: profile.ports.imaps,
            pop3s: profile.ports.pop3s,
          },
          credential: { user: m.credential.user || effectiveUsername(profile), password: m.credential.password },
          checkCopy: true,
        };
        runOverHost<{ type: 'report'; report: SendTestReport }>(
          deps.host,
          {
            id,
            request,
            deadlineMs: 90_000,
            awaiting: 'report',
            onReply: (reply: Exclude<HostReply, { type: 'hello' | 'error' }>, finish) => {
              if (reply.type === 'send-stage') post({ type: 'stage', stage: reply.stage });
              else if (reply.type === 'send-report') finish({ type: 'report', report: reply.report });
            },
            readError: oldHelper,
          },
          (out) => {
            if (out.type === 'started') return post(out);
            deps.limits.release();
            if (out.type !== 'report') return post(out);
            report = out.report;
            post(out);
            if (report.sent) startWatch();
            else if (report.manualSend) phase = 'manual';
            else void finishWith('not-sent');
          },
        );
      })().catch((e: unknown) => post({ type: 'error', reason: 'internal', detail: String((e as Error)?.message ?? e).slice(0, 300) }));
    } else if (m.type === 'manual-sent' && phase === 'manual') {
      manualSent = true;
      startWatch();
    } else if (m.type === 'confirm' && phase === 'asking') {
      void finishWith(m.arrived ? 'confirmed-arrived' : 'confirmed-missing');
    }
  });
}

/** A helper older than the forwarding test does not know its requests: installing the new one is the fix. */
export const oldHelper = (reply: Extract<HostReply, { type: 'error' }>): RunFailure | undefined =>
  reply.code === 'bad-request' && /send-test|mail-policy|type/i.test(reply.message)
    ? { type: 'helper-missing', reason: 'not-installed', detail: reply.message.slice(0, 500) }
    : undefined;
