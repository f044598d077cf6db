// The forwarding test's background (entrypoints/background/forward-test.ts) through its real router
// and port, with stand-ins for tabs, the Gmail tab's content script and the native host: the test
// page is bound by tab id to the Gmail tab that watches (from the panel, or from the assistant's
// note after a save, for the Gmail tab whose panel opened the webmail); a page cannot name another;
// only the bound Gmail tab is heard about its token; the credential goes to the host's one request
// and nowhere else; the result is stored without it. The real browser: tests/e2e/forward-test.test.ts.
import { describe, expect, it } from 'vitest';
import { createForwardTest } from '@/entrypoints/background/forward-test';
import { createForwardHandlers } from '@/entrypoints/background/forward';
import { createTabIntents } from '@/entrypoints/background/tab-intents';
import { createRunLimits } from '@/entrypoints/background/run-limits';
import type { PortLike } from '@/entrypoints/background/bridge-deps';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import { ProfileSchema } from '@/utils/profile/schema';
import type { HistoryRecord } from '@/utils/history/records';
import type { FeedWatchCommand } from '@/utils/forward-test/schema';
import type { SendTestReport } from '@/contract/send-test';
import { testSubject } from '@/contract/send-test-rules';
import { memoryArea } from '../support/storage';
import { tick } from '../support/wait';

const TOKEN = 'k7m2p9x4qa';
const PASSWORD = 'Secret-123!';
const GMAIL = 'tester.m2k@gmail.com';
const PAGE = 'chrome-extension://ext/forward-test.html';

const report = (over: Partial<SendTestReport> = {}): SendTestReport => ({
  address: 'alice@school.test',
  host: 'localhost',
  hostSource: 'given',
  token: TOKEN,
  subject: testSubject(TOKEN),
  sent: true,
  outcome: 'accepted',
  ms: 900,
  stages: [],
  copy: { found: true, ms: 400, via: 'imaps', looks: 1 },
  hint: { code: 'accepted', en: 'ok', zh_TW: '好' },
  ...over,
});

/** A port pair end: what one side posts, the other hears. */
function port(name: string, sender?: PortLike['sender']) {
  const onMessage: Array<(m: unknown) => void> = [];
  const onDisconnect: Array<(p: PortLike) => void> = [];
  const posted: unknown[] = [];
  let disconnected = false;
  const p: PortLike & { posted: unknown[]; hear(m: unknown): void; disconnected(): boolean } = {
    name,
    ...(sender ? { sender } : {}),
    posted,
    postMessage: (m) => void posted.push(m),
    disconnect: () => void (disconnected = true),
    onMessage: { addListener: (cb) => void onMessage.push(cb) },
    onDisconnect: { addListener: (cb) => void onDisconnect.push(cb) },
    hear: (m) => onMessage.forEach((cb) => cb(m)),
    disconnected: () => disconnected,
  };
  return p;
}

function background(opts: { report?: SendTestReport; tabListens?: boolean } = {}) {
  const session = memoryArea();
  const local = memoryArea();
  const intents = createTabIntents(session);
  const told: Array<{ tab: number; command: FeedWatchCommand }> = [];
  const hostRequests: unknown[] = [];
  const runs: HistoryRecord[] = [];
  let nextTab = 50;
  const openTab = async () => nextTab++;
  const test = createForwardTest({
    intents,
    area: local,
    session,
    loadProfile: async () => ProfileSchema.parse({ address: 'alice@school.test', username: 'alice', host: 'localhost' }),
    openTab,
    tellTab: async (tab, command) => {
      told.push({ tab, command });
      if (opts.tabListens === false) throw new Error('Could not establish connection. Receiving end does not exist.');
    },
    host: {
      lastErrorMessage: () => undefined,
      connectNative: () => {
        const native = port('native');
        native.postMessage = (m: unknown) => {
          const req = m as { type: string; id?: string };
          hostRequests.push(m);
          if (req.type === 'hello') queueMicrotask(() => native.hear({ type: 'hello', version: 1, helperVersion: '0.1.0', allow: [] }));
          if (req.type === 'send-test')
            queueMicrotask(() => native.hear({ type: 'send-report', id: req.id, report: opts.report ?? report() }));
        };
        return native;
      },
    },
    limits: createRunLimits(),
    extensionId: 'ext',
    pagesOrigin: 'chrome-extension://ext/',
    pageUrl: PAGE,
    saveRun: async (r) => void runs.push(r),
    log: () => {},
  });
  const forward = createForwardHandlers({
    intents,
    area: local,
    loadProfile: async () => ProfileSchema.parse({ host: 'mail.au.edu.tw' }),
    openTab,
    isAssisted: async () => true,
    openOptions: async () => {},
  });
  const handlers = { ...forward, ...test.handlers } as Handlers;
  const self = { id: 'ext', pagesOrigin: 'chrome-extension://ext/', isWebmail: (url: string) => url.startsWith('https://mail.au.edu.tw/') };
  const from = (url: string, tab: number) => (raw: unknown) =>
    dispatch(handlers, raw, { id: 'ext', url, tab: { id: tab } }, self, () => {});
  const gmailTab = (tab: number) => from('https://mail.google.com/mail/u/0/#settings/accounts', tab);
  const page = (tab: number) => from(PAGE, tab);
  const startTest = (tab: number) => {
    const p = port('forward-test-run', { id: 'ext', url: PAGE, tab: { id: tab } });
    test.servePort(p);
    p.hear({ type: 'start', credential: { user: 'alice', password: PASSWORD } });
    return p;
  };
  return { told, hostRequests, runs, local, gmailTab, page, from, startTest, servePort: test.servePort };
}

const types = (p: { posted: unknown[] }) => p.posted.map((m) => (m as { type: string }).type);

describe('binding the test page to the Gmail tab that watches', () => {
  it('the panel’s button binds the new page to that Gmail tab; any other page tab is bound to nothing', async () => {
    const b = background();
    expect(await b.gmailTab(7)({ type: 'forward-test:open', gmail: GMAIL })).toEqual({ ok: true });
    expect(await b.page(50)({ type: 'forward-test:context' })).toEqual({ watcher: true, gmail: GMAIL });
    expect(await b.page(51)({ type: 'forward-test:context' })).toEqual({ watcher: false, gmail: null });
  });

  it('the assistant’s note after a save opens the page for the Gmail tab whose panel opened the webmail; an unsaved tab gets no watcher', async () => {
    const b = background();
    await b.gmailTab(7)({ type: 'forward:start', gmail: GMAIL });
    const webmail = b.from('https://mail.au.edu.tw/cgi-bin/start', 50);
    await webmail({ type: 'forward:progress', state: 'saved' });
    expect(await webmail({ type: 'forward-test:open-from-webmail' })).toEqual({ ok: true });
    expect(await b.page(51)({ type: 'forward-test:context' })).toEqual({ watcher: true, gmail: GMAIL });
    // Another webmail tab, where nothing was saved through the panel: the page opens, no Gmail tab watches.
    await b.from('https://mail.au.edu.tw/cgi-bin/start', 60)({ type: 'forward-test:open-from-webmail' });
    expect(await b.page(52)({ type: 'forward-test:context' })).toEqual({ watcher: false, gmail: null });
    // Gmail's content script cannot send the webmail's message, nor a webmail the panel's.
    expect(await b.gmailTab(7)({ type: 'forward-test:open-from-webmail' })).toMatchObject({ refused: { reason: 'sender' } });
    expect(await webmail({ type: 'forward-test:open', gmail: GMAIL })).toMatchObject({ refused: { reason: 'sender' } });
  });
});

describe('a test on the page’s port', () => {
  it('sends through the host with the credential once, has the bound tab watch, hears only that tab, stores the result without the password', async () => {
    const b = background();
    await b.gmailTab(7)({ type: 'forward-test:open', gmail: GMAIL });
    const p = b.startTest(50);
    await tick(20);
    expect(b.hostRequests.filter((r) => JSON.stringify(r).includes(PASSWORD))).toHaveLength(1);
    expect(b.told).toEqual([{ tab: 7, command: { type: 'm2k:feed-watch', token: TOKEN } }]);
    // Another Gmail tab, or another token, changes nothing.
    await b.gmailTab(8)({ type: 'forward-test:seen', state: 'arrived', token: TOKEN, ms: 10, looks: 1 });
    await b.gmailTab(7)({ type: 'forward-test:seen', state: 'arrived', token: 'z3n8w2h6tb', ms: 10, looks: 1 });
    expect(types(p)).not.toContain('result');
    await b.gmailTab(7)({ type: 'forward-test:seen', state: 'looking', token: TOKEN, ms: 1000, looks: 1 });
    await b.gmailTab(7)({ type: 'forward-test:seen', state: 'arrived', token: TOKEN, ms: 4200, looks: 2 });
    await tick(20);
    expect(types(p)).toEqual(['started', 'report', 'watch', 'result']);
    expect(p.disconnected()).toBe(true);
    expect(b.runs).toHaveLength(1);
    expect(b.runs[0]).toMatchObject({
      kind: 'forward-test',
      test: { outcome: 'arrived', arrivedMs: 4200, token: TOKEN, gmail: GMAIL, copy: { found: true } },
    });
    expect(JSON.stringify([b.runs, [...b.local.data.values()], p.posted])).not.toContain(PASSWORD);
    expect(await b.page(50)({ type: 'forward-test:last' })).toMatchObject({ result: { outcome: 'arrived' } });
    // The watch ended: a late word from the tab is not heard.
    await b.gmailTab(7)({ type: 'forward-test:seen', state: 'timeout', token: TOKEN, ms: 9000, looks: 9 });
    expect(b.runs).toHaveLength(1);
  });

  it('the Gmail tab does not listen (it left the settings page): the person is asked, and the answer is the result', async () => {
    const b = background({ tabListens: false });
    await b.gmailTab(7)({ type: 'forward-test:open', gmail: GMAIL });
    const p = b.startTest(50);
    await tick(20);
    expect(p.posted.at(-1)).toEqual({ type: 'ask', why: 'no-gmail-tab' });
    p.hear({ type: 'confirm', arrived: true });
    await tick(20);
    expect(b.runs[0]).toMatchObject({ test: { outcome: 'confirmed-arrived', feedProblem: 'no-gmail-tab' } });
  });

  it('sending refused from this network: the subject to send by hand; the watch starts only when the person says it was sent', async () => {
    const b = background({
      report: report({
        sent: false,
        outcome: 'refused',
        copy: undefined,
        manualSend: { to: 'alice@school.test', subject: testSubject(TOKEN) },
      }),
    });
    await b.gmailTab(7)({ type: 'forward-test:open', gmail: GMAIL });
    const p = b.startTest(50);
    await tick(20);
    expect(b.told).toEqual([]);
    p.hear({ type: 'manual-sent' });
    await tick(20);
    expect(b.told).toEqual([{ tab: 7, command: { type: 'm2k:feed-watch', token: TOKEN } }]);
    await b.gmailTab(7)({ type: 'forward-test:seen', state: 'timeout', token: TOKEN, ms: 300_000, looks: 60 });
    await tick(20);
    expect(b.runs[0]).toMatchObject({ test: { outcome: 'not-arrived', send: 'manual' } });
  });

  it('at most 5 send tests in 10 minutes per browser, whichever host process runs them: the sixth is refused with the wait', async () => {
    const b = background();
    await b.gmailTab(7)({ type: 'forward-test:open', gmail: GMAIL });
    for (let i = 0; i < 5; i++) {
      const p = b.startTest(50);
      await tick(20);
      expect(types(p)).toContain('report');
      p.hear({ type: 'confirm', arrived: true });
    }
    const sixth = b.startTest(50);
    await tick(20);
    expect(sixth.posted).toEqual([
      {
        type: 'error',
        reason: 'rate-limited',
        detail: expect.stringMatching(/at most 5 forwarding tests in 10 minutes: try again in \d+ s/),
      },
    ]);
    expect(b.hostRequests.filter((r) => (r as { type: string }).type === 'send-test')).toHaveLength(5);
  });

  it('a port from a content script (not our page) is refused before it can start anything', async () => {
    const b = background();
    const p = port('forward-test-run', { id: 'ext', url: 'https://mail.google.com/mail/u/0/', tab: { id: 7 } });
    b.servePort(p);
    expect(p.disconnected()).toBe(true);
    p.hear({ type: 'start', credential: { user: 'alice', password: PASSWORD } });
    await tick(20);
    expect(b.hostRequests).toEqual([]);
  });
});
