/**
 * The Gmail tab's part of the forwarding test: while the settings panel runs (Settings › Accounts
 * and Import, the only route where the settings code is loaded), it listens for the background's
 * "watch for this token" and reads this account's Atom feed (`/mail/u/N/feed/atom`, same origin,
 * the signed-in person's own inbox) every few seconds until the token is in an entry's title, the
 * limit passes, or the feed cannot be read (utils/forward-test/watch.ts). What it saw goes back as
 * `forward-test:seen`; leaving the route stops the watch, which the test page hears as "stopped".
 */
import { createSend, type Transport } from '@/utils/messaging/send';
import { FeedWatchCommandSchema } from '@/utils/forward-test/schema';
import { feedUrlOf, lookAtFeed, type FeedResponse } from '@/utils/forward-test/feed';
import { watchFeed } from '@/utils/forward-test/watch';
import { watchLimits, type WatchLimits } from '@/utils/forward-test/watch-limits';

/** runtime.onMessage, the part used here (both browsers' objects fit). */
export interface MessageEvents {
  addListener(cb: (m: unknown, sender: unknown, respond: (r: unknown) => void) => void): void;
  removeListener(cb: (m: unknown, sender: unknown, respond: (r: unknown) => void) => void): void;
}

export interface FeedWatchDeps {
  onMessage: MessageEvents;
  send: Transport;
  /** The page's URL (which account: /mail/u/N/). */
  pageUrl: () => string;
  fetcher: (url: string, init: RequestInit) => Promise<FeedResponse>;
  /** Called when a watch starts and when the last one ends (the panel says it is looking). */
  onWatching?: (watching: boolean) => void;
  /** The build's (watch-limits.ts); unit tests pass shorter ones. */
  limits?: WatchLimits;
  log?: (line: string) => void;
}

export function listenForFeedWatch(deps: FeedWatchDeps): () => void {
  const send = createSend(deps.send);
  const warn = (e: unknown) => (deps.log ?? console.warn)(`m2k: ${(e as Error)?.message ?? String(e)}`);
  const running = new Map<string, AbortController>();

  const start = (token: string): void => {
    if (running.has(token)) return;
    const stop = new AbortController();
    running.set(token, stop);
    deps.onWatching?.(true);
    const url = feedUrlOf(deps.pageUrl());
    void watchFeed({
      token,
      look: () => lookAtFeed(url, deps.fetcher),
      limits: deps.limits ?? watchLimits(),
      signal: stop.signal,
      onLook: (looks, ms) => void send('forward-test:seen', { state: 'looking', token, ms, looks }).catch(warn),
    }).then((end) => {
      running.delete(token);
      if (running.size === 0) deps.onWatching?.(false);
      return send('forward-test:seen', { ...end, token }).catch(warn);
    });
  };

  const listener = (raw: unknown, _sender: unknown, respond: (r: unknown) => void): void => {
    const command = FeedWatchCommandSchema.safeParse(raw);
    if (!command.success) return;
    if (command.data.type === 'm2k:feed-watch') start(command.data.token);
    else running.get(command.data.token)?.abort();
    // Answered at once: the background learns that this tab listens (a tab elsewhere has no listener).
    respond({ ok: true });
  };
  deps.onMessage.addListener(listener);
  return () => {
    deps.onMessage.removeListener(listener);
    for (const stop of running.values()) stop.abort();
  };
}
