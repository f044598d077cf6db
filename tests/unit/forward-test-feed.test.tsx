// @vitest-environment happy-dom
// The Gmail side of the forwarding test: reading Gmail's Atom feed (only entry titles count, a huge
// body is cut off without being held, anything that is not a feed is "unreadable"), the watch
// loop's outcomes, the limits a test build may only shorten, the schemas every message passes
// (CR or LF in any field, an address that is not one) and the page's outcome views, which show a
// server's words with every control character escaped.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { feedTitles, feedUrlOf, lookAtFeed, readCapped, titlesHaveToken, type FeedResponse } from '@/utils/forward-test/feed';
import { watchFeed } from '@/utils/forward-test/watch';
import { watchLimitsOf } from '@/utils/forward-test/watch-limits';
import { FEED_WATCH } from '@/contract/limits';
import { testSubject, testTag } from '@/contract/send-test-rules';
import { FeedSeenSchema, FeedWatchCommandSchema, ForwardTestResultSchema } from '@/utils/forward-test/schema';
import { MESSAGES } from '@/utils/messaging/messages';
import { PageToForwardTestSchema } from '@/utils/messaging/forward-test-port';
import { HistoryRecordSchema } from '@/utils/history/records';
import type { SendTestReport } from '@/contract/send-test';
import { SendResult, Result } from '@/entrypoints/forward-test/Outcome';
import { useLocale } from '../support/i18n/locale';

const TOKEN = 'k7m2p9x4qa';
const OTHER = 'z3n8w2h6tb';

const atom = (entries: Array<{ title: string; summary?: string }>) =>
  `<?xml version="1.0" encoding="UTF-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Gmail - Inbox for tester@gmail.com</title><fullcount>${entries.length}</fullcount>${entries
    .map(
      (e) =>
        `<entry><title>${e.title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title><summary>${(e.summary ?? '').replace(/</g, '&lt;')}</summary><author><name>x</name><email>x@school.test</email></author></entry>`,
    )
    .join('')}</feed>`;

/** A Response-like value over `chunks` (made lazily), counting how many bytes were pulled from it. */
function streamed(chunks: () => Iterator<Uint8Array>, init: { status?: number; type?: string; headers?: Record<string, string> } = {}) {
  let pulled = 0;
  const it = chunks();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = it.next();
      if (next.done) controller.close();
      else {
        pulled += next.value.byteLength;
        controller.enqueue(next.value);
      }
    },
  });
  const headers = new Map(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const res: FeedResponse = {
    status: init.status ?? 200,
    type: init.type ?? 'basic',
    headers: { get: (n) => headers.get(n.toLowerCase()) ?? null },
    body,
  };
  return { res, pulled: () => pulled };
}
const textResponse = (text: string, init: { status?: number; type?: string } = {}) =>
  streamed(function* () {
    yield new TextEncoder().encode(text);
  }, init).res;

/** 10 MB of feed-looking XML in 64 kB pieces, never built as one string. */
function* tenMegabytes() {
  const piece = new TextEncoder().encode(`<entry><title>${'x'.repeat(64 * 1024 - 32)}</title></entry>`);
  yield new TextEncoder().encode('<?xml version="1.0"?><feed xmlns="http://purl.org/atom/ns#">');
  for (let i = 0; i < 160; i++) yield piece;
  yield new TextEncoder().encode('</feed>');
}

describe('the feed of the account this page shows', () => {
  it.each([
    ['https://mail.google.com/mail/u/0/#settings/accounts', 'https://mail.google.com/mail/u/0/feed/atom'],
    ['https://mail.google.com/mail/u/3/#settings/accounts', 'https://mail.google.com/mail/u/3/feed/atom'],
    ['https://mail.google.com/mail/#settings/accounts', 'https://mail.google.com/mail/u/0/feed/atom'],
    ['https://mail.google.com/mail/u/../../evil/#x', 'https://mail.google.com/mail/u/0/feed/atom'],
  ])('%s → %s', (page, feed) => expect(feedUrlOf(page)).toBe(feed));
});

describe('feedTitles and the token', () => {
  it('reads every entry title and finds the token in a subject, with forwarding prefixes and case changes', () => {
    const r = feedTitles(atom([{ title: 'Hello' }, { title: `Fwd: ${testSubject(TOKEN).toUpperCase()}` }]));
    expect(r).toEqual({ ok: true, titles: ['Hello', `Fwd: ${testSubject(TOKEN).toUpperCase()}`] });
    expect(titlesHaveToken(r.ok ? r.titles : [], TOKEN)).toBe(true);
    expect(titlesHaveToken(r.ok ? r.titles : [], OTHER)).toBe(false);
  });

  it('a token only in another entry’s summary (or the feed’s own title) does not count', () => {
    const r = feedTitles(
      atom([
        { title: 'Lunch on Friday', summary: `please forward ${testTag(TOKEN)} thanks` },
        { title: `${testTag(OTHER)} test`, summary: testSubject(TOKEN) },
      ]).replace('Inbox for tester@gmail.com', testTag(TOKEN)),
    );
    expect(r.ok && titlesHaveToken(r.titles, TOKEN)).toBe(false);
  });

  it('a subject with CR or LF in it (a folded header) still matches; a token broken by one does not', () => {
    const r = feedTitles(atom([{ title: `${testTag(TOKEN)}\r\n Mail2000 → Gmail` }, { title: `[M2K-TEST\n${OTHER}]` }]));
    expect(r.ok && titlesHaveToken(r.titles, TOKEN)).toBe(true);
    expect(r.ok && titlesHaveToken(r.titles, OTHER)).toBe(false);
  });

  it.each([
    [
      'an HTML sign-in page',
      '<!doctype html><html><head><title>Gmail</title></head><body><form action="/signin">Sign in</form></body></html>',
    ],
    ['JSON', '{"feed":{"entry":[{"title":"[M2K-TEST k7m2p9x4qa]"}]}}'],
    ['garbage with the token', `\u0000\u0001 ${testTag(TOKEN)} <<<>>>`],
    ['broken XML', `<feed xmlns="http://purl.org/atom/ns#"><entry><title>${testTag(TOKEN)}</title>`],
    ['XML that is not a feed', `<rss><channel><item><title>${testTag(TOKEN)}</title></item></channel></rss>`],
    ['nothing', ''],
  ])('%s is not-xml, never a match', (_name, body) => {
    expect(feedTitles(body)).toEqual({ ok: false, problem: 'not-xml' });
  });
});

describe('reading the body with a cap', () => {
  it('a 10 MB body stops at the cap: too-big, and little more than the cap is pulled', async () => {
    const s = streamed(tenMegabytes);
    const started = Date.now();
    expect(await readCapped(s.res)).toBe('too-big');
    expect(s.pulled()).toBeLessThan(FEED_WATCH.maxFeedBytes + 128 * 1024);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a declared 10 MB body is refused before any byte is read', async () => {
    const s = streamed(tenMegabytes, { headers: { 'content-length': String(10 * 1024 * 1024) } });
    expect(await readCapped(s.res)).toBe('too-big');
    expect(s.pulled()).toBe(0);
  });

  it('a body under the cap comes back whole, UTF-8 decoded across pieces', async () => {
    const bytes = new TextEncoder().encode(`轉寄測試 ${testTag(TOKEN)}`);
    const s = streamed(function* () {
      yield bytes.slice(0, 2);
      yield bytes.slice(2);
    });
    expect(await readCapped(s.res)).toBe(`轉寄測試 ${testTag(TOKEN)}`);
  });
});

describe('one look at the feed', () => {
  const look = (res: FeedResponse | Error) =>
    lookAtFeed('https://mail.google.com/mail/u/0/feed/atom', async () => (res instanceof Error ? Promise.reject(res) : res));
  it.each([
    ['401', textResponse('Unauthorized', { status: 401 }), 'signed-out'],
    ['a redirect to sign-in (manual)', textResponse('', { status: 0, type: 'opaqueredirect' }), 'signed-out'],
    ['302', textResponse('', { status: 302 }), 'signed-out'],
    ['500', textResponse('oops', { status: 500 }), 'http'],
    ['a sign-in page with 200', textResponse('<html><body>Sign in</body></html>'), 'not-xml'],
    ['a network failure', new TypeError('Failed to fetch'), 'network'],
  ] as const)('%s → %s', async (_name, res, problem) => {
    expect(await look(res)).toEqual({ ok: false, problem });
  });
  it('10 MB → too-big', async () => {
    expect(await look(streamed(tenMegabytes).res)).toEqual({ ok: false, problem: 'too-big' });
  });
  it('asks without following redirects, with the page’s own cookies, uncached', async () => {
    let init: RequestInit | undefined;
    await lookAtFeed('https://mail.google.com/mail/u/0/feed/atom', async (_u, i) => ((init = i), textResponse(atom([]))));
    expect(init).toEqual({ credentials: 'same-origin', redirect: 'manual', cache: 'no-store' });
  });
});

describe('the watch', () => {
  const limits = { intervalMs: 5, limitMs: 80 };
  const seq = (...looks: Array<Awaited<ReturnType<typeof feedTitles>>>) => {
    let i = 0;
    return async () => looks[Math.min(i++, looks.length - 1)]!;
  };
  it('ends as arrived at the look that sees the token in a title', async () => {
    const end = await watchFeed({
      token: TOKEN,
      limits,
      signal: new AbortController().signal,
      look: seq({ ok: true, titles: [] }, { ok: true, titles: ['x'] }, { ok: true, titles: [testSubject(TOKEN)] }),
    });
    expect(end).toMatchObject({ state: 'arrived', looks: 3 });
  });
  it('ends as timeout when the limit passes, after a last look at the limit', async () => {
    const end = await watchFeed({
      token: TOKEN,
      limits,
      signal: new AbortController().signal,
      look: seq({ ok: true, titles: [testSubject(OTHER)] }),
    });
    expect(end.state).toBe('timeout');
    expect(end.ms).toBeGreaterThanOrEqual(limits.limitMs);
  });
  it('a feed it cannot read ends the watch at once; network trouble only after three in a row', async () => {
    expect(
      await watchFeed({ token: TOKEN, limits, signal: new AbortController().signal, look: seq({ ok: false, problem: 'signed-out' }) }),
    ).toMatchObject({
      state: 'unreadable',
      problem: 'signed-out',
      looks: 1,
    });
    const mended = seq({ ok: false, problem: 'network' }, { ok: false, problem: 'network' }, { ok: true, titles: [testSubject(TOKEN)] });
    expect(await watchFeed({ token: TOKEN, limits, signal: new AbortController().signal, look: mended })).toMatchObject({
      state: 'arrived',
      looks: 3,
    });
    expect(
      await watchFeed({ token: TOKEN, limits, signal: new AbortController().signal, look: seq({ ok: false, problem: 'network' }) }),
    ).toMatchObject({
      state: 'unreadable',
      problem: 'network',
      looks: 3,
    });
  });
  it('stops when told, between looks', async () => {
    const stop = new AbortController();
    const end = watchFeed({
      token: TOKEN,
      limits: { intervalMs: 10_000, limitMs: 60_000 },
      signal: stop.signal,
      look: seq({ ok: true, titles: [] }),
    });
    setTimeout(() => stop.abort(), 20);
    expect(await end).toMatchObject({ state: 'stopped', looks: 1 });
  });
});

describe('the watch limits: one place, a test build may only shorten them', () => {
  it.each([
    [undefined, { intervalMs: FEED_WATCH.intervalMs, limitMs: FEED_WATCH.limitMs }],
    ['', { intervalMs: 5_000, limitMs: 300_000 }],
    ['1000,12000', { intervalMs: 1_000, limitMs: 12_000 }],
    ['999999,9999999', { intervalMs: 5_000, limitMs: 300_000 }],
    ['1,1', { intervalMs: 200, limitMs: 1_000 }],
    ['1000,12000\n', { intervalMs: 5_000, limitMs: 300_000 }],
    ['-1,5', { intervalMs: 5_000, limitMs: 300_000 }],
  ])('%j → %j', (spec, limits) => expect(watchLimitsOf(spec)).toEqual(limits));
  it('the product: every 5 s for at most 5 minutes', () => {
    expect(FEED_WATCH).toMatchObject({ intervalMs: 5_000, limitMs: 300_000 });
  });
});

describe('bad input at every boundary', () => {
  it.each(['k7m2p9x4q\r', 'k7m2p9x4q\n', `${TOKEN}\r\n`, 'K7M2P9X4QA', 'k7m2p9x4q0', '', `${TOKEN}x`])(
    'token %j is refused everywhere',
    (token) => {
      expect(FeedWatchCommandSchema.safeParse({ type: 'm2k:feed-watch', token }).success).toBe(false);
      expect(FeedSeenSchema.safeParse({ state: 'arrived', token, ms: 1, looks: 1 }).success).toBe(false);
    },
  );
  it.each(['not an address', 'a@b', 'tester@gmail.com\r\nBcc: x@evil.example', 'tester@gmail.com\n', '\rtester@gmail.com'])(
    'the Gmail address %j is refused by forward-test:open and by the result',
    (gmail) => {
      expect(MESSAGES['forward-test:open'].request.safeParse({ gmail }).success).toBe(false);
      expect(ForwardTestResultSchema.safeParse(result({ gmail })).success).toBe(false);
      // The Mail2000 address too (an imported file's record is read with the same schema).
      expect(ForwardTestResultSchema.safeParse(result({ address: gmail })).success).toBe(false);
    },
  );
  it.each([
    ['a line feed in the user', { user: 'alice\nbob', password: 'Secret-123!' }],
    ['a carriage return in the user', { user: 'alice\r', password: 'Secret-123!' }],
    ['a line feed in the password', { user: 'alice', password: 'Secret\n-123!' }],
    ['CR LF in the password', { user: 'alice', password: 'Secret-123!\r\nQUIT' }],
  ])('the start with %s is refused', (_name, credential) => {
    expect(PageToForwardTestSchema.safeParse({ type: 'start', credential }).success).toBe(false);
  });
  it('a result never holds a password or message content: unknown keys are dropped', () => {
    const parsed = HistoryRecordSchema.parse({
      kind: 'forward-test',
      at: 1,
      test: { ...result(), password: 'Secret-123!', body: 'hello', subject: testSubject(TOKEN) },
      credential: { user: 'alice', password: 'Secret-123!' },
    });
    expect(JSON.stringify(parsed)).not.toMatch(/Secret|hello|credential|subject/);
    expect(parsed).toMatchObject({ kind: 'forward-test', test: { token: TOKEN, outcome: 'arrived' } });
  });
});

const result = (patch: Record<string, unknown> = {}) => ({
  at: 1_700_000_000_000,
  site: 'localhost',
  address: 'alice@school.test',
  gmail: 'inbox@gmail.test',
  token: TOKEN,
  outcome: 'arrived',
  send: 'accepted',
  arrivedMs: 4_200,
  copy: { found: true, ms: 900 },
  ...patch,
});

describe('the page shows a server’s words escaped', () => {
  afterEach(() => document.body.replaceChildren());
  // What the fault server `smtp-refuse-ctl` answers: ESC sequences, BEL, a C1 CSI, a bidi override.
  const HOSTILE = '554 \u001b[2J\u001b]0;owned\u0007 no \u009b31m relay \u202eedoc\u202c\r\nX-Injected: 1';
  const report: SendTestReport = {
    address: 'alice@school.test',
    host: 'localhost',
    hostSource: 'given',
    token: TOKEN,
    subject: testSubject(TOKEN),
    sent: false,
    outcome: 'refused',
    ms: 10,
    stages: [],
    refusal: { stage: 'greeting', reply: 554, detail: HOSTILE },
    hint: { code: 'refused', en: `refused ${HOSTILE}`, zh_TW: `拒絕 ${HOSTILE}` },
  };
  it.each(['en', 'zh_TW'] as const)('%s: no raw control or bidi character reaches the page, each is written as an escape', (lang) => {
    useLocale(lang);
    const root = document.createElement('div');
    document.body.append(root);
    render(<SendResult report={report} />, root);
    const text = root.textContent ?? '';
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\x1b[2J');
    expect(text).toContain('\\x07');
    expect(text).toContain('\\x9b31m');
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\r\\nX-Injected: 1');
    expect(root.querySelector('[data-testid="m2k-ft-hint"]')!.textContent).toContain(lang === 'en' ? 'refused' : '拒絕');
  });

  it('a missing message lists the causes in order, with the spam search for its subject', () => {
    useLocale('en');
    const root = document.createElement('div');
    document.body.append(root);
    render(<Result result={ForwardTestResultSchema.parse(result({ outcome: 'not-arrived', arrivedMs: undefined }))} limitMin={5} />, root);
    expect([...root.querySelectorAll('[data-testid="m2k-ft-cause"]')].map((e) => e.getAttribute('data-cause'))).toEqual([
      'not-saved',
      'security-code',
      'spam',
      'refused',
    ]);
    expect(root.querySelector('[data-testid="m2k-ft-spam-search"]')!.textContent).toBe(`in:spam "${testTag(TOKEN)}"`);
    expect(root.textContent).toContain('SPF');
    expect(root.textContent).toContain('DKIM');
  });
});
