// The background's side of forwarding (entrypoints/background/forward.ts, webmail-sites.ts) through
// its real router: the panel's "Forward Mail2000 to this Gmail" binds the intent to the tab it
// opens, on that origin only; the webmail's content script gets its own tab's intent and nothing
// else; what it reads is judged, kept and copied into history; the run-time registration follows
// the person's grants. Tabs, permissions and scripting are stand-ins here; the real browsers:
// tests/e2e/forward*.test.ts.
import { describe, expect, it } from 'vitest';
import { createForwardHandlers, FORWARD_TO_KEY, LAST_FORWARD_KEY } from '@/entrypoints/background/forward';
import { createTabIntents, TAB_INTENT_TTL_MS } from '@/entrypoints/background/tab-intents';
import { isWebmail, syncWebmailScript, WEBMAIL_SCRIPT_ID, type WebmailApi } from '@/entrypoints/background/webmail-sites';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import { ProfileSchema } from '@/utils/profile/schema';
import type { HistoryRecord } from '@/utils/history/records';
import type { ForwardRead } from '@/utils/forward/schema';
import { memoryArea } from '../support/storage';

const SELF = { id: 'ext', pagesOrigin: 'chrome-extension://ext/' };
const GMAIL = 'tester.m2k@gmail.com';
const refused = (reason: string) => ({ refused: { reason, detail: expect.any(String) } });

function background(host = 'mail.au.edu.tw') {
  let now = 1_000_000;
  const session = memoryArea();
  const local = memoryArea();
  const intents = createTabIntents(session, () => now);
  const opened: Array<{ url: string; opener: number; tab: number }> = [];
  const runs: HistoryRecord[] = [];
  const options: string[] = [];
  let nextTab = 50;
  const handlers = createForwardHandlers({
    intents,
    area: local,
    loadProfile: async () => ProfileSchema.parse({ host }),
    openTab: async (url, opener) => {
      const tab = nextTab++;
      opened.push({ url, opener, tab });
      return tab;
    },
    isAssisted: async (h) => h === 'mail.au.edu.tw',
    openOptions: async (hash) => void options.push(hash),
    saveRun: async (r) => void runs.push(r),
    now: () => now,
  }) as Handlers;
  // The profile's site and the known sites are webmails here.
  const self = {
    ...SELF,
    isWebmail: (url: string) => url.startsWith(`https://${host}/`) || /^https:\/\/mail\.(au|ncue|nutn)\.edu\.tw\//.test(url),
  };
  const from = (url: string, tab?: number) => (raw: unknown) =>
    dispatch(handlers, raw, { id: 'ext', url, ...(tab === undefined ? {} : { tab: { id: tab } }) }, self, () => {});
  const gmailTab = from('https://mail.google.com/mail/u/0/#settings/accounts', 7);
  const webmail = (tab: number, path = '/cgi-bin/start') => from(`https://${host}${path}`, tab);
  return { session, local, intents, opened, runs, options, gmailTab, webmail, from, tick: (ms: number) => (now += ms) };
}

const read = (over: Partial<ForwardRead> = {}): ForwardRead => ({
  at: Date.parse('2026-12-02T08:00:00Z'),
  site: 'anything.example',
  enabled: false,
  targets: [],
  keepCopy: false,
  endDate: null,
  ...over,
});

describe('forward:start and forward:intent', () => {
  it("opens the profile's webmail next to the Gmail tab and binds the intent to that tab", async () => {
    const bg = background();
    expect(await bg.gmailTab({ type: 'forward:start', gmail: GMAIL })).toEqual({ ok: true, host: 'mail.au.edu.tw', assisted: true });
    expect(bg.opened).toEqual([{ url: 'https://mail.au.edu.tw/', opener: 7, tab: 50 }]);
    expect(await bg.webmail(50)({ type: 'forward:intent' })).toEqual({ intent: { gmail: GMAIL, filled: false } });
    // Every frame of that tab, whatever page it shows.
    expect(await bg.webmail(50, '/cgi-bin/forward?m=x')({ type: 'forward:intent' })).toEqual({ intent: { gmail: GMAIL, filled: false } });
    expect(bg.local.data.get(FORWARD_TO_KEY)).toBe(GMAIL);
  });

  it('a webmail tab the panel did not open has no intent; nor has the panel tab on another origin', async () => {
    const bg = background();
    await bg.gmailTab({ type: 'forward:start', gmail: GMAIL });
    expect(await bg.webmail(51)({ type: 'forward:intent' })).toEqual({ intent: null });
    expect(await bg.from('https://mail.ncue.edu.tw/cgi-bin/start', 50)({ type: 'forward:intent' })).toEqual({ intent: null });
  });

  it('says when the assistant may not run on the site yet', async () => {
    const bg = background('webmail.school.example');
    expect(await bg.gmailTab({ type: 'forward:start', gmail: GMAIL })).toEqual({
      ok: true,
      host: 'webmail.school.example',
      assisted: false,
    });
  });

  it('refuses an address that is not one, or holds a line break, before opening anything', async () => {
    const bg = background();
    for (const gmail of ['not an address', 'a@gmail.com\r\nBcc: x@evil.example', 'a@gmail.com\n', ''])
      expect(await bg.gmailTab({ type: 'forward:start', gmail })).toEqual(refused('bad-request'));
    expect(bg.opened).toEqual([]);
  });

  it('ends with its tab, or after 30 minutes', async () => {
    const bg = background();
    await bg.gmailTab({ type: 'forward:start', gmail: GMAIL });
    await bg.intents.tabClosed(50);
    expect(await bg.webmail(50)({ type: 'forward:intent' })).toEqual({ intent: null });
    await bg.gmailTab({ type: 'forward:start', gmail: GMAIL });
    bg.tick(TAB_INTENT_TTL_MS.forward + 1);
    expect(await bg.webmail(51)({ type: 'forward:intent' })).toEqual({ intent: null });
  });
});

describe('forward:audit, forward:progress, forward:last', () => {
  it("judges with the tab intent's address, names the site it came from, keeps it for the popup and history", async () => {
    const bg = background();
    await bg.gmailTab({ type: 'forward:start', gmail: GMAIL });
    const reply = await bg.webmail(
      50,
      '/cgi-bin/forward',
    )({ type: 'forward:audit', read: read({ enabled: true, targets: ['x@example.org'] }) });
    expect(reply).toEqual({
      findings: [
        { code: 'forward-elsewhere', severity: 'error', account: 'x@example.org', evidence: 'x@example.org' },
        { code: 'forward-no-copy', severity: 'warn' },
      ],
    });
    const last = (await bg.from('chrome-extension://ext/popup.html')({ type: 'forward:last' })) as {
      audit: { site: string; gmail: string };
    };
    expect(last.audit).toMatchObject({ site: 'mail.au.edu.tw', gmail: GMAIL, targets: ['x@example.org'] });
    expect(bg.runs.map((r) => r.kind)).toEqual(['forward']);
    expect(bg.local.data.get(LAST_FORWARD_KEY)).toEqual(last.audit);
  });

  it('in another tab: judged against the address last asked for', async () => {
    const bg = background();
    await bg.gmailTab({ type: 'forward:start', gmail: GMAIL });
    const reply = (await bg.webmail(99)({ type: 'forward:audit', read: read({ enabled: true, targets: [GMAIL], keepCopy: true }) })) as {
      findings: unknown[];
    };
    expect(reply.findings).toEqual([]);
  });

  it('filled, then saved: the tab is marked, then its intent ends', async () => {
    const bg = background();
    await bg.gmailTab({ type: 'forward:start', gmail: GMAIL });
    expect(await bg.webmail(50)({ type: 'forward:progress', state: 'filled' })).toEqual({ ok: true });
    expect(await bg.webmail(50)({ type: 'forward:intent' })).toEqual({ intent: { gmail: GMAIL, filled: true } });
    await bg.webmail(50)({ type: 'forward:progress', state: 'saved' });
    expect(await bg.webmail(50)({ type: 'forward:intent' })).toEqual({ intent: null });
  });
});

describe('who may send what', () => {
  it('the webmail sends its three messages and nothing else; no one else sends those', async () => {
    const bg = background();
    expect(await bg.webmail(50)({ type: 'forward:start', gmail: GMAIL })).toEqual(refused('sender'));
    expect(await bg.webmail(50)({ type: 'webmail:allow', host: 'x.example' })).toEqual(refused('sender'));
    expect(await bg.gmailTab({ type: 'forward:intent' })).toEqual(refused('sender'));
    expect(await bg.gmailTab({ type: 'forward:audit', read: read() })).toEqual(refused('sender'));
    // A page on a site that is no webmail of ours is no sender at all.
    expect(await bg.from('https://evil.example/', 3)({ type: 'forward:intent' })).toEqual(refused('sender'));
  });

  it('webmail:allow opens the options page at that site', async () => {
    const bg = background();
    expect(await bg.gmailTab({ type: 'webmail:allow', host: 'Webmail.School.example' })).toEqual({ ok: true });
    expect(bg.options).toEqual(['#webmail=webmail.school.example']);
  });
});

describe('the run-time registration follows the grants', () => {
  const stand = (granted: string[]) => {
    const scripts: Array<{ id: string; matches?: string[] }> = [];
    const log: string[] = [];
    const api: WebmailApi = {
      grantedOrigins: async () => granted,
      contains: async (p) => granted.includes(p),
      registered: async () => scripts.map((s) => ({ ...s })),
      register: async (s) =>
        void (
          scripts.push({ id: s.id, matches: s.matches }),
          log.push(`register ${s.matches.join(' ')} ${s.js.join()} allFrames=${s.allFrames}`)
        ),
      unregister: async (id) =>
        void (
          scripts.splice(
            scripts.findIndex((s) => s.id === id),
            1,
          ),
          log.push(`unregister ${id}`)
        ),
    };
    return { api, scripts, log, granted };
  };

  it('registers the allowed origins (not Gmail, not the known sites in the manifest), once', async () => {
    const s = stand(['https://mail.google.com/*', 'https://webmail.school.example/*', 'https://mail.au.edu.tw/*']);
    expect(await syncWebmailScript(s.api)).toEqual(['https://webmail.school.example']);
    expect(await syncWebmailScript(s.api)).toEqual(['https://webmail.school.example']);
    expect(s.log).toEqual(['register https://webmail.school.example/* content-scripts/mail2000.js allFrames=true']);
    expect(s.scripts.map((x) => x.id)).toEqual([WEBMAIL_SCRIPT_ID]);
  });

  it('a revoked grant unregisters it; a new one re-registers', async () => {
    const s = stand(['https://webmail.school.example/*']);
    await syncWebmailScript(s.api);
    s.granted.splice(0, 1, 'https://other.example/*');
    await syncWebmailScript(s.api);
    s.granted.splice(0);
    await syncWebmailScript(s.api);
    expect(s.log).toEqual([
      'register https://webmail.school.example/* content-scripts/mail2000.js allFrames=true',
      `unregister ${WEBMAIL_SCRIPT_ID}`,
      'register https://other.example/* content-scripts/mail2000.js allFrames=true',
      `unregister ${WEBMAIL_SCRIPT_ID}`,
    ]);
  });

  it('isWebmail: the known sites and the allowed ones, https only, never Gmail', async () => {
    const s = stand(['https://webmail.school.example/*']);
    expect(await isWebmail(s.api, 'https://mail.au.edu.tw/cgi-bin/login')).toBe(true);
    expect(await isWebmail(s.api, 'https://webmail.school.example/x')).toBe(true);
    expect(await isWebmail(s.api, 'http://mail.au.edu.tw/')).toBe(false);
    expect(await isWebmail(s.api, 'https://mail.google.com/mail/')).toBe(false);
    expect(await isWebmail(s.api, 'https://evil.example/')).toBe(false);
  });
});
