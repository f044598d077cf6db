/**
 * The native host's boundary schemas in zod/mini: what it accepts from the browser and what it
 * sends back. They are the shapes of utils/protocol.ts, written a second time because classic
 * zod costs ~30 ms of module start-up plus a few ms per schema built, which the browser waits
 * for on every `connectNative` before the host can answer `hello`; zod/mini does the same checks
 * for a fraction of that (tests/bench/native.bench.mjs). The probe engine and the command line
 * keep the classic schemas, loaded only when a probe runs. The service result shape, which the
 * popup checks too, lives in utils/protocol-mini.ts; the request and reply shapes are the host's.
 *
 * Drift is caught twice: the type assertions at the bottom (and in protocol-mini.ts) fail the
 * build when a shape differs from the classic one, and tests/unit/native-wire.test.ts runs the
 * same messages through both and requires the same verdicts and output.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { HOSTNAME_RE, PROTOCOL_VERSION } from '@/contract/limits';
import { lazily, miniServiceResult, nonneg, PortMini, ServiceMini, type Same } from '@/contract/protocol-mini';
import type { HostReply, HostRequest } from '@/contract/protocol';

// zod/mini ships without messages ("Invalid input"); classic zod installs English. The host puts
// the first issue's message into its `bad-request` reply, so it must read the same either way.
z.config(en());

export { PortMini, ServiceMini };
export const HostnameMini = z.string().check(z.minLength(1), z.maxLength(253), z.regex(HOSTNAME_RE, 'not a host name'));

/** One service's result, the shape the popup checks as well (utils/protocol-mini.ts). */
export const serviceResult = miniServiceResult;

// Each schema below is built on first use, not at import (`lazily`): a session that only says
// hello (the extension checks the host is there) never builds the probe and result shapes, and
// building them is a few ms of the cold start.

/* ---------- extension -> host (strict, as in protocol.ts: a misspelled key is refused) ---------- */

const helloRequest = lazily(() => z.strictObject({ type: z.literal('hello') }));
const probeRequest = lazily(() =>
  z.strictObject({
    type: z.literal('probe'),
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    host: HostnameMini,
    ports: z.optional(z.partialRecord(ServiceMini, PortMini)),
    only: z.optional(z.array(ServiceMini).check(z.minLength(1))),
    timeoutMs: z.optional(z.int().check(z.minimum(500), z.maximum(60_000))),
    credential: z.optional(
      z.strictObject({
        user: z.string().check(z.minLength(1), z.maxLength(256)),
        password: z.string().check(z.minLength(1), z.maxLength(1024)),
      }),
    ),
  }),
);
export const hostRequest = lazily(() => z.discriminatedUnion('type', [helloRequest(), probeRequest()]));

type RequestResult = ReturnType<ReturnType<typeof hostRequest>['safeParse']>;

/**
 * hostRequest().safeParse, without building the probe shape for a hello: a discriminated union
 * hands a value whose `type` matches one option to that option alone, so the verdict is the same.
 */
export function parseRequest(json: unknown): RequestResult {
  const isHello = typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'hello';
  return isHello ? (helloRequest().safeParse(json) as RequestResult) : hostRequest().safeParse(json);
}

/* ---------- host -> extension ---------- */

const replyByType = {
  hello: lazily(() => z.object({ type: z.literal('hello'), version: z.literal(PROTOCOL_VERSION), helperVersion: z.string(), allow: z.array(z.string()) })),
  result: lazily(() => z.object({ type: z.literal('result'), id: z.string(), result: serviceResult() })),
  summary: lazily(() => z.object({ type: z.literal('summary'), id: z.string(), host: z.string(), ms: nonneg(), ok: z.boolean() })),
  error: lazily(() =>
    z.object({
      type: z.literal('error'),
      id: z.optional(z.string()),
      code: z.enum(['bad-json', 'bad-request', 'too-large', 'not-allowed', 'busy', 'internal']),
      message: z.string(),
    }),
  ),
};
export const hostReply = lazily(() =>
  z.discriminatedUnion('type', [replyByType.hello(), replyByType.result(), replyByType.summary(), replyByType.error()]),
);

type ReplyResult = ReturnType<ReturnType<typeof hostReply>['safeParse']>;

/** hostReply().safeParse, building only the option the reply's `type` names (same verdict, as above). */
export function parseReply(reply: unknown): ReplyResult {
  const type = typeof reply === 'object' && reply !== null ? (reply as { type?: unknown }).type : undefined;
  const one = typeof type === 'string' && Object.hasOwn(replyByType, type) ? replyByType[type as keyof typeof replyByType] : undefined;
  return one ? (one().safeParse(reply) as ReplyResult) : hostReply().safeParse(reply);
}

/* Compile-time: the mini shapes must produce exactly the classic types (both directions; the
   service result's check is in utils/protocol-mini.ts). */
const sameRequest: Same<z.infer<ReturnType<typeof hostRequest>>, HostRequest> = true;
const sameReply: Same<z.infer<ReturnType<typeof hostReply>>, HostReply> = true;
void [sameRequest, sameReply];
