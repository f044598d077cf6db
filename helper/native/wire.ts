/**
 * The native host's boundary schemas in zod/mini: what it accepts from the browser and what it
 * sends back. They are the shapes of utils/protocol.ts, written a second time because classic
 * zod costs ~30 ms of module start-up plus a few ms per schema built, which the browser waits
 * for on every `connectNative` before the host can answer `hello`; zod/mini does the same checks
 * for a fraction of that (tests/bench/native.bench.mjs). The probe engine and the command line
 * keep the classic schemas, loaded only when a probe runs.
 *
 * Drift is caught twice: the type assertions at the bottom fail the build when a shape differs
 * from the classic one, and tests/unit/native-wire.test.ts runs the same messages through both
 * and requires the same verdicts and output.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { SERVICES } from '../../utils/mail2000-facts';
import { HOSTNAME_RE, PROTOCOL_VERSION } from '../../utils/protocol-limits';
import type { HostReply, HostRequest, ServiceResult } from '../../utils/protocol';

// zod/mini ships without messages ("Invalid input"); classic zod installs English. The host puts
// the first issue's message into its `bad-request` reply, so it must read the same either way.
z.config(en());

export const ServiceMini = z.enum(SERVICES);
export const PortMini = z.int().check(z.minimum(1), z.maximum(65535));
export const HostnameMini = z.string().check(z.minLength(1), z.maxLength(253), z.regex(HOSTNAME_RE, 'not a host name'));

const nonneg = () => z.number().check(z.nonnegative());

/**
 * Each schema below is built on first use, not at import: a session that only says hello (the
 * extension checks the host is there) never builds the probe and result shapes, and building
 * them is a few ms of the cold start.
 */
function lazily<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

const hint = lazily(() => z.object({ code: z.string().check(z.minLength(1), z.maxLength(64)), en: z.string(), zh_TW: z.string() }));
export const serviceResult = lazily(() =>
  z.object({
    service: ServiceMini,
    port: PortMini,
    ok: z.boolean(),
    ms: nonneg(),
    stages: z.array(
      z.object({
        name: z.enum(['dns', 'tcp', 'tls', 'greeting', 'capabilities', 'starttls', 'auth', 'quit']),
        ok: z.boolean(),
        ms: nonneg(),
        code: z.optional(z.string()),
        detail: z.optional(z.string()),
      }),
    ),
    tls: z.optional(
      z.object({
        protocol: z.optional(z.string()),
        cipher: z.optional(z.string()),
        subject: z.optional(z.string()),
        san: z._default(z.array(z.string()), []),
        issuer: z.optional(z.string()),
        validFrom: z.optional(z.string()),
        validTo: z.optional(z.string()),
        daysLeft: z.optional(z.number()),
        trusted: z.boolean(),
        nameMatches: z.boolean(),
        error: z.optional(z.string()),
      }),
    ),
    greeting: z.optional(z.string().check(z.maxLength(1024))),
    capabilities: z.optional(z.array(z.string().check(z.maxLength(256))).check(z.maxLength(200))),
    hint: z.optional(hint()),
    warnings: z._default(z.array(hint()), []),
    auth: z.optional(z.enum(['accepted', 'rejected', 'not-tried', 'refused-plain'])),
  }),
);

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

/* Compile-time: the mini shapes must produce exactly the classic types (both directions). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRequest: Same<z.infer<ReturnType<typeof hostRequest>>, HostRequest> = true;
const sameReply: Same<z.infer<ReturnType<typeof hostReply>>, HostReply> = true;
const sameResult: Same<z.infer<ReturnType<typeof serviceResult>>, ServiceResult> = true;
void [sameRequest, sameReply, sameResult];
