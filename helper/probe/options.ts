/**
 * What a probe is asked to do, written once: the schema checks a caller's options and fills the
 * defaults, and the callers' type is inferred from it.
 */
import * as z from 'zod/mini';
import { CredentialSchema, HostnameSchema, OnlySchema, PortsSchema } from '@/contract/protocol';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Bytes we read from one service at most (all stages together); a greeting plus capabilities is ~1 KiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024;

export const ProbeOptionsSchema = z.object({
  host: z.union([HostnameSchema, z.literal('localhost')]),
  ports: z.optional(PortsSchema),
  only: z.optional(OnlySchema),
  /** The whole run, in ms. */
  timeoutMs: z._default(z.int().check(z.minimum(100), z.maximum(120_000)), DEFAULT_TIMEOUT_MS),
  /** An extra trusted CA (PEM). */
  ca: z.optional(z.union([z.string().check(z.minLength(1)), z.instanceof(Buffer)])),
  credential: z.optional(CredentialSchema),
  maxBytes: z._default(z.int().check(z.minimum(1024), z.maximum(16 * 1024 * 1024)), DEFAULT_MAX_BYTES),
});

/** A caller's options (defaults may be left out). */
export type ProbeOptions = z.input<typeof ProbeOptionsSchema>;
