/**
 * Gmail's Atom feed (`/mail/u/N/feed/atom`), read for one thing: whether an entry's title (the
 * message's subject) carries the forwarding test's token. Only titles count: a summary is a
 * message's first words, which anyone can write a token into. The body is read with a byte cap (a
 * huge answer is not Gmail's feed and is never held in memory whole) and parsed as XML with
 * DOMParser, never as HTML and never into the page.
 */
import { FEED_WATCH } from '@/contract/limits';
import { subjectHasToken } from '@/contract/send-test-rules';

/** Why the feed could not be read: each is said to the person, who is then asked instead. */
export const FEED_PROBLEMS = ['signed-out', 'http', 'too-big', 'not-xml', 'network'] as const;
export type FeedProblem = (typeof FEED_PROBLEMS)[number];

export type FeedTitles = { ok: true; titles: string[] } | { ok: false; problem: FeedProblem };

/** The feed of the Gmail account this page shows (`/mail/u/N/…`; N is 0 when the path does not say). */
export const feedUrlOf = (pageUrl: string): string => {
  const u = new URL(pageUrl);
  const n = /^\/mail\/u\/(\d{1,2})\//.exec(u.pathname)?.[1] ?? '0';
  return `${u.origin}/mail/u/${n}/feed/atom`;
};

/** The titles of the feed's entries; `not-xml` for anything that is not an Atom feed (a login page, JSON, garbage). */
export function feedTitles(text: string, parser: Pick<DOMParser, 'parseFromString'> = new DOMParser()): FeedTitles {
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'application/xml');
  } catch {
    return { ok: false, problem: 'not-xml' };
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'feed' || doc.getElementsByTagName('parsererror').length > 0) return { ok: false, problem: 'not-xml' };
  const titles: string[] = [];
  for (const entry of Array.from(root.children)) {
    if (entry.localName !== 'entry') continue;
    const title = Array.from(entry.children).find((c) => c.localName === 'title');
    if (title) titles.push(title.textContent ?? '');
  }
  return { ok: true, titles };
}

export const titlesHaveToken = (titles: readonly string[], token: string): boolean => titles.some((t) => subjectHasToken(t, token));

/** The part of a fetch Response read here. */
export interface FeedResponse {
  status: number;
  type?: string;
  url?: string;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

/** The body as text, or `too-big` as soon as more than `maxBytes` arrived (the rest is not read). */
export async function readCapped(res: FeedResponse, maxBytes: number = FEED_WATCH.maxFeedBytes): Promise<string | 'too-big'> {
  const declared = Number(res.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return 'too-big';
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too-big';
    }
    parts.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * One look at the feed: its titles, or why it could not be read. A redirect (to the sign-in page)
 * or 401/403 is `signed-out`; any other status but 200 is `http`.
 */
export async function lookAtFeed(
  url: string,
  fetcher: (url: string, init: RequestInit) => Promise<FeedResponse>,
  parser?: Pick<DOMParser, 'parseFromString'>,
): Promise<FeedTitles> {
  let res: FeedResponse;
  try {
    res = await fetcher(url, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' });
  } catch {
    return { ok: false, problem: 'network' };
  }
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400) || res.status === 401 || res.status === 403) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, problem: 'signed-out' };
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, problem: 'http' };
  }
  let text: string | 'too-big';
  try {
    text = await readCapped(res);
  } catch {
    return { ok: false, problem: 'network' };
  }
  if (text === 'too-big') return { ok: false, problem: 'too-big' };
  return feedTitles(text, parser);
}
