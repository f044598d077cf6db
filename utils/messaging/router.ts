/**
 * The background's side of the message table: one handler per message type, one sender check,
 * one listener. A message that is refused (foreign sender, unknown type, bad request, failing
 * handler) gets a Refusal reply and a console line with the reason.
 */
import { MESSAGES, WEBMAIL_MESSAGES, isMessageType, type MessageType, type ReplyOf, type RequestOf } from './messages';
import type { Refusal, RefusalReason } from './refusal';

/** What the browser tells about a message's sender (runtime.MessageSender, the part we read). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: unknown;
}

export type Handlers = {
  [T in MessageType]: (request: RequestOf<T>, sender: SenderInfo) => Promise<ReplyOf<T>> | ReplyOf<T>;
};

export interface Self {
  /** runtime.id */
  id: string;
  /** runtime.getURL('/'): our own pages' origin with a trailing slash. */
  pagesOrigin: string;
  /** Is `url` on a Mail2000 webmail where the forwarding assistant runs (a known site, or one the person allowed)? */
  isWebmail?(url: string): boolean | Promise<boolean>;
}

export const GMAIL_ORIGIN = 'https://mail.google.com/';

type SenderKind = 'page' | 'gmail' | 'webmail';

/**
 * Our own pages, our content script in a tab on Gmail, or our content script on a Mail2000 webmail;
 * null for anything else, which may not drive the background.
 */
const senderKind = async (sender: SenderInfo, self: Self): Promise<SenderKind | null> => {
  if (sender.id !== self.id) return null;
  const url = sender.url ?? '';
  if (url.startsWith(self.pagesOrigin)) return 'page';
  if (sender.tab === undefined || sender.tab === null) return null;
  if (url.startsWith(GMAIL_ORIGIN)) return 'gmail';
  return self.isWebmail && (await self.isWebmail(url)) ? 'webmail' : null;
};

/** Thrown by a handler for a request that fits its schema but that the handler refuses: a `bad-request`, not a failure. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

const refuse = (reason: RefusalReason, detail: string, log: (line: string) => void): Refusal => {
  log(`m2k: message refused (${reason}): ${detail}`);
  return { refused: { reason, detail: detail.slice(0, 500) } };
};

/** Validates and answers one message; the reply or a Refusal. */
export async function dispatch(
  handlers: Handlers,
  raw: unknown,
  sender: SenderInfo,
  self: Self,
  log: (line: string) => void = console.warn,
): Promise<unknown> {
  const type = (raw as { type?: unknown } | null)?.type;
  const from = await senderKind(sender, self);
  if (!from) return refuse('sender', `${String(type)} from ${sender.url ?? 'an unknown sender'}`, log);
  if (!isMessageType(type)) return refuse('unknown-type', String(type).slice(0, 100), log);
  // A webmail page sends its three messages and nothing else; no one else sends those.
  if ((from === 'webmail') !== WEBMAIL_MESSAGES.has(type)) return refuse('sender', `${type} from ${from}`, log);
  const request = MESSAGES[type].request.safeParse(raw);
  if (!request.success) return refuse('bad-request', `${type} at ${request.error.issues[0]?.path.join('.') || '(root)'}`, log);
  try {
    const handler = handlers[type] as (r: unknown, s: SenderInfo) => Promise<unknown> | unknown;
    return await handler(request.data, sender);
  } catch (e) {
    if (e instanceof BadRequest) return refuse('bad-request', `${type}: ${e.message}`, log);
    return refuse('handler-failed', `${type}: ${(e as Error)?.name ?? 'error'}`, log);
  }
}
