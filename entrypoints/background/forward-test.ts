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
 * The handlers and the port are here; one test on its port is forward-test-run.ts, the pace of
 * tests send-test-pacing.ts.
 */
import type { MailPolicyRequest } from '@/contract/protocol';
import type { MailPolicy } from '@/contract/mail-policy';
import type { Handlers, SenderInfo } from '@/utils/messaging/router';
import { GMAIL_ORIGIN } from '@/utils/messaging/router';
import type { HistoryRecord } from '@/utils/history/records';
import type { Profile } from '@/utils/profile/schema';
import { FORWARD_TEST_PORT_NAME } from '@/utils/messaging/forward-test-port';
import { ForwardTestResultSchema, type FeedWatchCommand } from '@/utils/forward-test/schema';
import type { HelperMissingReason } from '@/utils/messaging/run-port';
import { GmailAddressSchema } from '@/utils/forward/schema';
import type { BridgeDeps, PortLike } from './bridge-deps';
import { runId, runOverHost } from './host-run';
import type { RunLimits } from './run-limits';
import { NotFromATab, type KeyValueArea } from './setup-intent';
import { senderTab, type TabIntents } from './tab-intents';
import { createSendTestPacing } from './send-test-pacing';
import { LAST_FORWARD_TEST_KEY, oldHelper, runTest, type Watching } from './forward-test-run';

export const FORWARD_TEST_PAGE = '/forward-test.html';

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

const tabOf = (sender: SenderInfo) => {
  const tab = senderTab(sender.tab);
  if (!tab) throw new NotFromATab();
  return tab;
};

export function createForwardTest(deps: ForwardTestDeps): { handlers: ForwardTestHandlers; servePort(port: PortLike): void } {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? console.warn;
  const watching = new Map<string, Watching>();

  const admitSend = createSendTestPacing(deps.session, now);

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
      const id = runId('t');
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
    runTest({ deps, now, watching, admitSend, bindingOf }, port, senderTab(port.sender?.tab)?.id);
  };

  return { handlers, servePort };
}
