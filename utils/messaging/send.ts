/**
 * The one way pages and content scripts ask the background something: `send(type, request)` puts
 * the message on the wire, checks the reply against the table, and rejects with MessageFailed when
 * there is no answer, a refusal, or a reply of the wrong shape.
 */
import { MESSAGES, type Message, type MessageType, type ReplyOf, type RequestOf } from './messages';
import { checkedReply, MessageFailed } from './checked';

/** runtime.sendMessage (`sendToBackground` in runtime.ts), or a test's stand-in. */
export type Transport = (message: Message) => Promise<unknown>;

/** Messages whose request has no fields may leave it out. */
type Args<T extends MessageType> = Record<string, never> extends RequestOf<T> ? [request?: RequestOf<T>] : [request: RequestOf<T>];
export type Send = <T extends MessageType>(type: T, ...args: Args<T>) => Promise<ReplyOf<T>>;

export const createSend =
  (transport: Transport): Send =>
  (type, ...[request]) =>
    checkReply(type, transport({ ...request, type } as Message));

/**
 * The checking half of `send`, for a page that puts a message on the wire before the schemas are
 * loaded (the popup's first paint) and checks the reply once they are.
 */
export const checkReply = <T extends MessageType>(type: T, reply: Promise<unknown>): Promise<ReplyOf<T>> =>
  checkedReply(type, MESSAGES[type].reply, reply) as Promise<ReplyOf<T>>;

/**
 * The reply, or null when there is none: for callers whose fallback is the same whatever went wrong.
 * A refusal or a malformed reply is still written to the console with its reason (an unanswered
 * message is not: it happens whenever the extension is reloaded under an open page).
 */
export const orNull = <R>(reply: Promise<R>, log: (line: string) => void = console.warn): Promise<R | null> =>
  reply.catch((e: unknown) => {
    if (e instanceof MessageFailed && e.reason !== 'no-answer') log(`m2k: ${e.message}`);
    return null;
  });
