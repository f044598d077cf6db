/**
 * A message to the background whose reply is checked against one schema, without the whole message
 * table (messages.ts builds every schema when it loads): for a content script with a tight size
 * budget (the Mail2000 webmail's). `send.ts` checks replies the same way, from the table.
 */
import type * as z from 'zod/mini';
import type { Message, MessageType } from './messages';
import { RefusalSchema } from './refusal';

export class MessageFailed extends Error {
  constructor(
    readonly type: MessageType,
    readonly reason: 'no-answer' | 'refused' | 'bad-reply',
    detail: string,
  ) {
    super(`${type}: ${reason}: ${detail}`);
  }
}

/** The reply to `type`, checked against `schema`; rejects with MessageFailed when there is none, a refusal, or a reply of another shape. */
export async function checkedReply<S extends z.ZodMiniType>(type: MessageType, schema: S, reply: Promise<unknown>): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await reply;
  } catch (e) {
    throw new MessageFailed(type, 'no-answer', String((e as Error)?.message ?? e));
  }
  const refusal = RefusalSchema.safeParse(raw);
  if (refusal.success) throw new MessageFailed(type, 'refused', `${refusal.data.refused.reason}: ${refusal.data.refused.detail}`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new MessageFailed(type, 'bad-reply', parsed.error.issues[0]?.path.join('.') ?? '');
  return parsed.data as z.infer<S>;
}

/** Sends `message` through `transport` and checks the reply against `schema`. */
export const sendChecked = <S extends z.ZodMiniType>(
  transport: (m: Message) => Promise<unknown>,
  message: Message,
  schema: S,
): Promise<z.infer<S>> => checkedReply(message.type, schema, transport(message));
