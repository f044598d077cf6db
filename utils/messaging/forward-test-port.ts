/**
 * The forwarding test's port: our test page (entrypoints/forward-test/) connects one runtime port
 * per test and sends `start` with the Mail2000 password once; the background relays the helper's
 * stages and report, then the Gmail tab's watch, and ends with exactly one final message
 * (`result`, `helper-missing` or `error`). Where the helper could not send, the page may say the
 * person sent the message by hand (`manual-sent`); where the feed could not be read, the person's
 * yes or no (`confirm`). Both sides validate every message with these schemas.
 */
import * as z from 'zod/mini';
import { CredentialSchema } from '@/contract/protocol';
import { SendStageSchema, SendTestReportSchema } from '@/contract/send-test';
import { FEED_WATCH, SEND_TEST_LIMITS } from '@/contract/limits';
import { HelperMissingSchema, RunErrorReasonSchema, RunStartedSchema } from './run-port';
import { AskReasonSchema, FeedSeenSchema, ForwardTestResultSchema } from '../forward-test/schema';

export const FORWARD_TEST_PORT_NAME = 'forward-test-run';

/** The helper's send and copy check, then the person's hand and the watch: the background gives up after this. */
export const FORWARD_TEST_DEADLINE_MS = SEND_TEST_LIMITS.timeoutMs + 15_000 + 30 * 60_000 + FEED_WATCH.limitMs;

export const PageToForwardTestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), credential: CredentialSchema }),
  z.object({ type: z.literal('manual-sent') }),
  z.object({ type: z.literal('confirm'), arrived: z.boolean() }),
]);
export type PageToForwardTest = z.infer<typeof PageToForwardTestSchema>;

const detail = () => z.string().check(z.maxLength(2000));

export const ForwardTestToPageSchema = z.discriminatedUnion('type', [
  RunStartedSchema,
  z.object({ type: z.literal('stage'), stage: SendStageSchema }),
  z.object({ type: z.literal('report'), report: SendTestReportSchema }),
  /** The Gmail tab is looking (sent after each look). */
  z.object({ type: z.literal('watch'), seen: FeedSeenSchema }),
  /** The Gmail side cannot tell: the page asks the person whether the message arrived, and says why. */
  z.object({ type: z.literal('ask'), why: AskReasonSchema }),
  z.object({ type: z.literal('result'), result: ForwardTestResultSchema }),
  HelperMissingSchema,
  z.object({ type: z.literal('error'), reason: z.union([RunErrorReasonSchema, z.literal('no-profile')]), detail: detail() }),
]);
export type ForwardTestToPage = z.infer<typeof ForwardTestToPageSchema>;

export const isForwardTestFinal = (m: { type: string }): boolean =>
  m.type === 'result' || m.type === 'helper-missing' || m.type === 'error';
