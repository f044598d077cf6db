/**
 * The zod-free constants of the host protocol (utils/protocol.ts re-exports them). The native
 * host imports them from here so that answering `hello` does not load classic zod, whose module
 * start-up alone is a large part of the host's cold start (tests/bench/native.bench.mjs).
 */

export const PROTOCOL_VERSION = 1;
/** Frames the host accepts from the browser; anything longer is refused unread. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** Chrome refuses host-to-browser messages over 1 MiB. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** A DNS name of LDH labels, a dotted IPv4 address, or the IPv6 loopback. */
export const HOSTNAME_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$|^\d{1,3}(?:\.\d{1,3}){3}$|^::1$/;
