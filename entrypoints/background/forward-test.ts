/**
 * The forwarding test, the background's part (free of browser globals; forward-test-browser.ts
 * wires it). "Test forwarding" in the Gmail panel, or in the assistant's note after a save, opens
 * our test page in a new tab bound to the Gmail tab that will watch (tab-intents.ts): the page
 * cannot name another tab, it only ever gets its own tab's binding. On the page's port:
 * 1. `start` with the credential: the helper's `send-test` (through the school's server, the kept
 *    copy looked for), its stages and report relayed; the credential is in that one request only;
 * 2. sent (or, where the helper could not send, once the person says they sent it by hand): the
 *    bound Gmail tab is told to watch its Atom feed for the token; its reports (`forward-test:seen`)
 *    are heard only from that tab, for that token;
 * 3. the feed could not be read, or no Gmail tab watches: the person is asked yes or no;
 * 4. the result is stored in history (kind `forward-test`) and kept for the popup, then sent.
 */
import type { HostReply, MailPolicyRequest, SendTestRequest } from '@/contract/protocol';
import { SEND_TEST_LIMITS } from '@/contract/limits';
import type { MailPolicy } from '@/contract/mail-policy';
import type { SendTestReport } from '@/contract/send-test';
import type { Handlers, SenderInfo } from '@/utils/messaging/router';
import { GMAIL_ORIGIN } from '@/utils/messaging/router';
import type { HistoryRecord } from '@/utils/history/records';
import type { Profile } from '@/utils/profile/schema';
import { effectiveUsername } from '@/utils/profile/schema';
import {
  FORWARD_TEST_PORT_NAME,
  PageToForwardTestSchema,
  isForwardTestFinal,
  type ForwardTestToPage,
} from '@/utils/messaging/forward-test-port';
import {
  ForwardTestResultSchema,
  type AskReason,
  type FeedSeen,
  type FeedWatchCommand,
  type ForwardTestResult,
} from '@/utils/forward-test/schema';
import type { TestOutcome } from '@/utils/forward-test/outcomes';
import { watchLimits } from '@/utils/forward-test/watch-limits';
import type { HelperMissingReason, RunFailure } from '@/utils/messaging/run-port';
import { GmailAddressSchema } from '@/utils/forward/schema';
import { runOverHost, type BridgeDeps, type PortLike } from './native-bridge';
import type { RunLimits } from './run-limits';
import { NotFromATab, type KeyValueArea } from './setup-intent';
import { senderTab, type TabIntents } from './tab-intents';

export const LAST_FORWARD_TEST_KEY = 'm2k:lastForwardTest';
/** When the last send tests started, in storage.session: the host's pace (SEND_TEST_LIMITS) kept across host processes. */
export const SEND_TESTS_KEY = 'm2k:sendTests';
export const FORWARD_TEST_PAGE = '/forward-test.html';

/** How long after the watch's limit the background waits for the Gmail tab's last word before it calls the test. */
const WATCH_GRACE_MS = 15_000;

export interface ForwardTestDeps {
  intents: TabIntents;
  /** storage.local: the last result, for the popup. */
  area: KeyValueArea;
  /** storage.session: when the last send tests started. */
  session: KeyValueArea;
  loadProfile(): Promise<Profile>;
  /** Opens `url` in a new tab next to the tab `openerTabId`; the new tab's id. */
  openTab(url: string, openerTabId: number): Promise<number>;
  /** tabs.sendMessage to the Gmail tab's content script; rejects when nothing there listens. */
  tellTab(tab: number, command: FeedWatchCommand): Promise<void>;
  host: Pick<BridgeDeps, 'connectNative' | 'lastErrorMessage' | 'helloTimeoutMs'>;
  limits: RunLimits;
  extensionId: string;
  pagesOrigin: string;
  pageUrl: string;
  saveRun(record: HistoryRecord): Promise<unknown>;
  log?: (line: string) => void;
  now?: () => number;
}

export type ForwardTestHandlers = Pick<
  Handlers,
  | 'forward-test:open'
  | 'forward-test:open-from-webmail'
  | 'forward-test:context'
  | 'forward-test:policy'
  | 'forward-test:seen'
  | 'forward-test:last'
>;

/** A test whose Gmail tab is watching: its reports go to `heard`. */
interface Watching {
  gmailTab: number;
  heard(seen: FeedSeen): void;
}

const newId = (): string => 't' + Math.random().toString(36).slice(2, 12) + Date.now().toString(36);

const tabOf = (sender: SenderInfo) => {
  const tab = senderTab(sender.tab);
  if (!tab) throw new NotFromATab();
  return tab;
};

export function createForwardTest(deps: ForwardTestDeps): { handlers: ForwardTestHandlers; servePort(port: PortLike): void } {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? console.warn;
  const watching = new Map<string, Watching>();

  /**
   * Counts a send test against SEND_TEST_LIMITS (each one is a message in the person's mailbox and a
   * login); each test runs in a host process of its own, so the host's own count cannot see them all.
   */
  let pacing: Promise<unknown> = Promise.resolve();
  const admitSend = (): Promise<string | null> => {
    const next = pacing.then(async () => {
      const t = now();
      const raw = (await deps.session.get(SEND_TESTS_KEY))[SEND_TESTS_KEY];
      const recent = (Array.isArray(raw) ? raw : []).filter(
        (x): x is number => typeof x === 'number' && x <= t && x > t - SEND_TEST_LIMITS.windowMs,
      );
      if (recent.length >= SEND_TEST_LIMITS.perWindow) {
        const waitS = Math.ceil((Math.min(...recent) + SEND_TEST_LIMITS.windowMs - t) / 1000);
        return `at most ${SEND_TEST_LIMITS.perWindow} forwarding tests in ${SEND_TEST_LIMITS.windowMs / 60_000} minutes: try again in ${waitS} s`;
      }
      await deps.session.set({ [SEND_TESTS_KEY]: [...recent, t] });
      return null;
    });
    pacing = next.catch(() => undefined);
    return next;
  };

  const openFor = async (fromTab: number, gmailTab: number | null, gmail: string | null) => {
    const tab = await deps.openTab(deps.pageUrl, fromTab);
    await deps.intents.put({ kind: 'forward-test', at: now(), tab, gmailTab, gmail });
  };
  const fromOurPage = (sender: SenderInfo): boolean => (sender.url ?? '').startsWith(deps.pagesOrigin);
  const bindingOf = async (tab: number | undefined) => (tab === undefined ? null : deps.intents.find('forward-test', tab));

  const policyOf = (
    address: string,
    host: string,
  ): Promise<{ policy: MailPolicy | null; missing?: { reason: HelperMissingReason; detail: string } }> =>
    new Promise((resolve) => {
      const id = newId();
      const request: MailPolicyRequest = { type: 'mail-policy', id, address, host };
      runOverHost<{ type: 'policy'; policy: MailPolicy }>(
        deps.host,
        {
          id,
          request,
          deadlineMs: 20_000,
          awaiting: 'policy',
          onReply: (reply, finish) => {
            if (reply.type === 'mail-policy') finish({ type: 'policy', policy: reply.policy });
          },
          readError: oldHelper,
        },
        (m) => {
          if (m.type === 'policy') resolve({ policy: m.policy });
          else if (m.type === 'helper-missing') resolve({ policy: null, missing: { reason: m.reason, detail: m.detail } });
          else if (m.type === 'error') resolve({ policy: null });
        },
      );
    });

  const handlers: ForwardTestHandlers = {
    'forward-test:open': async ({ gmail }, sender) => {
      const from = tabOf(sender);
      await openFor(from.id, from.id, gmail);
      return { ok: true };
    },
    'forward-test:open-from-webmail': async (_req, sender) => {
      const from = tabOf(sender);
      const saved = await deps.intents.find('forward-saved', from.id);
      // Without a Gmail tab to watch the page still sends, and asks the person instead.
      await openFor(from.id, saved?.gmailTab ?? null, saved?.gmail ?? null);
      return { ok: true };
    },
    'forward-test:context': async (_req, sender) => {
      if (!fromOurPage(sender)) throw new NotFromATab();
      const binding = await bindingOf(senderTab(sender.tab)?.id);
      const gmail = GmailAddressSchema.safeParse(binding?.gmail);
      return { watcher: binding?.gmailTab != null, gmail: gmail.success ? gmail.data : null };
    },
    'forward-test:policy': async (_req, sender) => {
      if (!fromOurPage(sender)) throw new NotFromATab();
      const profile = await deps.loadProfile();
      if (!profile.address) return { policy: null };
      return policyOf(profile.address, profile.host);
    },
    'forward-test:seen': async (seen, sender) => {
      const test = watching.get(seen.token);
      // Only the Gmail tab the test is bound to is heard, and only about its own token.
      if (test && (sender.url ?? '').startsWith(GMAIL_ORIGIN) && senderTab(sender.tab)?.id === test.gmailTab) test.heard(seen);
      else log(`m2k: forward-test:seen ignored (not the watching tab)`);
      return { ok: true };
    },
    'forward-test:last': async () => {
      const parsed = ForwardTestResultSchema.safeParse((await deps.area.get(LAST_FORWARD_TEST_KEY))[LAST_FORWARD_TEST_KEY]);
      return { result: parsed.success ? parsed.data : null };
    },
  };

  const servePort = (port: PortLike): void => {
    if (port.name !== FORWARD_TEST_PORT_NAME) return;
    const url = port.sender?.url ?? '';
    if (port.sender?.id !== deps.extensionId || !url.startsWith(deps.pagesOrigin)) {
      log(`m2k: forward-test port refused (sender): ${url || 'no URL'}`);
      port.disconnect();
      return;
    }
    runTest(port, senderTab(port.sender?.tab)?.id);
  };

  /** One test on one page port. */
  const runTest = (port: PortLike, pageTab: number | undefined): void => {
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
          const id = newId();
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
  };

  return { handlers, servePort };
}

/** A helper older than the forwarding test does not know its requests: installing the new one is the fix. */
const oldHelper = (reply: Extract<HostReply, { type: 'error' }>): RunFailure | undefined =>
  reply.code === 'bad-request' && /send-test|mail-policy|type/i.test(reply.message)
    ? { type: 'helper-missing', reason: 'not-installed', detail: reply.message.slice(0, 500) }
    : undefined;
