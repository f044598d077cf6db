/**
 * The protocol's zod-free constants, for code that must not load a schema to know a limit (the
 * popup's first paint, the native host before its first reply). The schemas in protocol.ts use them.
 */

export const PROTOCOL_VERSION = 1;
/** Frames the host accepts from the browser; anything longer is refused unread. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** Chrome refuses host-to-browser messages over 1 MiB. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** One limit for the credential test, whoever takes it (popup, native host, CLI). */
export const CREDENTIAL_LIMITS = { user: 256, password: 1024 } as const;

/** A DNS name of LDH labels, a dotted IPv4 address, or the IPv6 loopback. */
export const HOSTNAME_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$|^\d{1,3}(?:\.\d{1,3}){3}$|^::1$/;

/**
 * The oldest companion program this extension works with (its `hello` carries `helperVersion`).
 * An older one gets the "update the helper" state in the popup instead of a failure.
 */
export const MIN_HELPER_VERSION = '0.1.0';
