/**
 * The discovery port: the options page connects one runtime port per discovery, sends one `start`
 * with the domain, and the background streams `started`, `candidates`, one `candidate-result` per
 * candidate and service, then exactly one final message (`discovered`, `helper-missing` or
 * `error`). Same shape and rules as the probe port (probe-port.ts), with the variants both share
 * (run-port.ts); both sides validate.
 */
import * as z from 'zod/mini';
import { HostnameSchema, PortsSchema, ServiceResultSchema } from '@/contract/protocol';
import { DiscoverCandidateSchema, DiscoverReportSchema } from '@/contract/discovery';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import { HelperMissingSchema, isRunFailure, RunErrorSchema, RunStartedSchema } from './run-port';

export const DISCOVER_PORT_NAME = 'discover-run';

/** The helper's own timeout plus its start and the DNS: the background gives up after this. */
export const DISCOVER_DEADLINE_MS = DISCOVERY_LIMITS.maxTimeoutMs + 15_000;

export const StartDiscoverySchema = z.object({
  type: z.literal('start'),
  domain: HostnameSchema,
  ports: z.optional(PortsSchema),
  timeoutMs: z.optional(z.int().check(z.minimum(DISCOVERY_LIMITS.minTimeoutMs), z.maximum(DISCOVERY_LIMITS.maxTimeoutMs))),
});
export type StartDiscovery = z.infer<typeof StartDiscoverySchema>;

export const DiscoveryToPageSchema = z.discriminatedUnion('type', [
  RunStartedSchema,
  z.object({ type: z.literal('candidates'), id: z.string(), candidates: z.array(DiscoverCandidateSchema) }),
  z.object({ type: z.literal('candidate-result'), id: z.string(), host: HostnameSchema, result: ServiceResultSchema }),
  z.object({ type: z.literal('discovered'), id: z.string(), report: DiscoverReportSchema }),
  HelperMissingSchema,
  z.extend(RunErrorSchema, {
    /** With `rate-limited`: how long until the pause between discoveries is over. */
    retryAfterMs: z.optional(z.int().check(z.nonnegative(), z.maximum(DISCOVER_DEADLINE_MS))),
  }),
]);
export type DiscoveryToPage = z.infer<typeof DiscoveryToPageSchema>;

export const isDiscoveryFinal = (m: { type: string }): boolean => m.type === 'discovered' || isRunFailure(m);
