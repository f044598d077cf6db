// @vitest-environment happy-dom
// The Gmail tab's listener for the forwarding test (entrypoints/gmail-settings/feed-watch.ts): it
// acts only on a well-formed command, looks at this account's feed (u/N from the page's URL), says
// each look and the end to the background, and stops (saying so) when the panel stops: the watch
// lives only as long as the settings panel does. The background and the feed are stand-ins here;
// the real ones: tests/e2e/forward-test*.test.ts.
import { describe, expect, it } from 'vitest';
import { listenForFeedWatch, type MessageEvents } from '@/entrypoints/gmail-settings/feed-watch';
import type { FeedResponse } from '@/utils/forward-test/feed';
import type { Message } from '@/utils/messaging/messages';
import { testSubject } from '@/contract/send-test-rules';
import { tick } from '../support/wait';

const TOKEN = 'k7m2p9x4qa';
type Listener = Parameters<MessageEvents['addListener']>[0];

function harness(feedHasToken: () => boolean) {
  const listeners = new Set<Listener>();
  const sent: Message[] = [];
  const asked: string[] = [];
  const stop = listenForFeedWatch({
    onMessage: { addListener: (l) => void listeners.add(l), removeListener: (l) => void listeners.delete(l) },
    send: async (m) => (sent.push(m), { ok: true }),
    pageUrl: () => 'https://mail.google.com/mail/u/2/#settings/accounts',
    fetcher: async (url): Promise<FeedResponse> => {
      asked.push(url);
      const body = `<feed xmlns="http://purl.org/atom/ns#"><entry><title>${feedHasToken() ? testSubject(TOKEN) : 'Lunch'}</title></entry></feed>`;
      return new Response(body, { status: 200 }) as unknown as FeedResponse;
    },
    limits: { intervalMs: 40, limitMs: 5_000 },
    log: () => {},
  });
  const command = (m: unknown) => {
    const answers: unknown[] = [];
    for (const l of listeners) l(m, {}, (r) => answers.push(r));
    return answers;
  };
  return { listeners, sent, asked, stop, command };
}

const seen = (sent: Message[]) => sent.filter((m) => m.type === 'forward-test:seen') as Array<Message<'forward-test:seen'>>;

describe('the Gmail tab’s feed watch', () => {
  it('a well-formed command starts it on this account’s feed; the end is said once, with the token', async () => {
    let arrived = false;
    const h = harness(() => arrived);
    expect(h.command({ type: 'm2k:feed-watch', token: TOKEN })).toEqual([{ ok: true }]);
    await tick(30);
    expect(h.asked[0]).toBe('https://mail.google.com/mail/u/2/feed/atom');
    expect(seen(h.sent).every((m) => m.state === 'looking')).toBe(true);
    arrived = true;
    await expect.poll(() => seen(h.sent).at(-1)?.state, { timeout: 2_000, interval: 10 }).toBe('arrived');
    expect(seen(h.sent).filter((m) => m.state === 'arrived')).toEqual([
      expect.objectContaining({ token: TOKEN, looks: expect.any(Number) }),
    ]);
    h.stop();
  });

  it.each([
    ['another type', { type: 'm2k:feed-watch-now', token: TOKEN }],
    ['a token with CR LF', { type: 'm2k:feed-watch', token: `${TOKEN}\r\n` }],
    ['no token', { type: 'm2k:feed-watch' }],
    ['a string', 'm2k:feed-watch'],
  ])('%s: ignored, unanswered, nothing fetched', async (_name, m) => {
    const h = harness(() => true);
    expect(h.command(m)).toEqual([]);
    await tick(20);
    expect(h.asked).toEqual([]);
    expect(h.sent).toEqual([]);
    h.stop();
  });

  it('the panel stops (the person left the settings route): the listener goes and the watch ends as stopped', async () => {
    const h = harness(() => false);
    h.command({ type: 'm2k:feed-watch', token: TOKEN });
    await tick(30);
    h.stop();
    expect(h.listeners.size).toBe(0);
    await expect.poll(() => seen(h.sent).at(-1)?.state, { timeout: 2_000, interval: 20 }).toBe('stopped');
    const looks = h.asked.length;
    await tick(50);
    expect(h.asked.length).toBe(looks);
  });

  it('the background’s stop ends it the same way', async () => {
    const h = harness(() => false);
    h.command({ type: 'm2k:feed-watch', token: TOKEN });
    await tick(30);
    h.command({ type: 'm2k:feed-watch-stop', token: TOKEN });
    await expect.poll(() => seen(h.sent).at(-1)?.state, { timeout: 2_000, interval: 20 }).toBe('stopped');
    h.stop();
  });
});
