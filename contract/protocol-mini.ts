/**
 * The shapes of utils/protocol.ts that both zod/mini users need, written once: the native host
 * (helper/native/wire.ts, which avoids classic zod for its cold start, see tests/bench/native.bench.mjs)
 * and the popup (utils/probe-port-mini.ts, which avoids it for its bundle size) check the same
 * service result, with its stages, TLS details and hints. Each keeps its own message shapes.
 *
 * Nothing here sets zod's locale: the host installs English itself (its `bad-request` replies
 * quote the message), the popup keeps zod/mini's default.
 *
 * Drift is caught twice: the type assertion at the bottom fails the build when the shape differs
 * from the classic one, and tests/unit/native-wire.test.ts and tests/unit/probe-port.test.ts run
 * the same messages through both and require the same verdicts and output.
 */
import * as z from 'zod/mini';
import { SERVICES } from './mail2000';
import type { ServiceResult } from './protocol';

export const ServiceMini = z.enum(SERVICES);
export const PortMini = z.int().check(z.minimum(1), z.maximum(65535));

export const nonneg = () => z.number().check(z.nonnegative());

/**
 * A schema built on first use, not at import: a host session that only says hello (the extension
 * checks the host is there) never builds the probe and result shapes, and building them is a few
 * ms of the cold start.
 */
export function lazily<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

const hint = lazily(() => z.object({ code: z.string().check(z.minLength(1), z.maxLength(64)), en: z.string(), zh_TW: z.string() }));

/** One service's probe result (ServiceResultSchema), built on first call. */
export const miniServiceResult = lazily(() =>
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

/** Compile-time drift checks: `const ok: Same<z.infer<typeof mini>, Classic> = true` (both directions). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The result shape above must produce exactly the classic type.
const sameResult: Same<z.infer<ReturnType<typeof miniServiceResult>>, ServiceResult> = true;
void sameResult;
