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

/** Server discovery (`discover`): how many names, addresses and MX hosts are taken from DNS at most. */
export const DISCOVERY_LIMITS = {
  candidates: 16,
  addressesPerName: 4,
  mxHosts: 5,
  /** Default, least and greatest timeout of a whole discovery (DNS and every probe), in ms. */
  timeoutMs: 15_000,
  minTimeoutMs: 1_000,
  maxTimeoutMs: 60_000,
  /** A host starts the next discovery no sooner than this after the previous one ended. */
  minIntervalMs: 2_000,
} as const;

/**
 * The forwarding test (`send-test`): the whole run's default and bounds (sending and, when asked,
 * watching for the kept copy), how often and how deep the mailbox is looked at, and how often a
 * native host sends a test (each one is a message in the person's mailbox and a login).
 */
export const SEND_TEST_LIMITS = {
  timeoutMs: 60_000,
  minTimeoutMs: 5_000,
  maxTimeoutMs: 300_000,
  /** Between two looks at the newest headers over IMAP (one connection, NOOP then FETCH). */
  imapPollMs: 2_000,
  /** Between two POP3 sessions (POP3 shows new mail only to a new login). */
  pop3PollMs: 5_000,
  /** How many of the newest messages are read (headers only). */
  newest: 10,
  /** After the copy is seen, how long to keep looking for a bounce that names the token. */
  bounceGraceMs: 5_000,
  /** At most this many send tests in `windowMs` per host process. */
  perWindow: 5,
  windowMs: 10 * 60_000,
} as const;

/**
 * The Gmail side of the forwarding test: how often the Gmail tab reads its inbox's Atom feed
 * (`/mail/u/N/feed/atom`) for the test message's token, for how long at most, and the largest feed
 * it reads (Gmail's feed holds the 20 newest unread messages, a few tens of kB; anything far
 * larger is not Gmail's feed and is not read to the end). A test build may shorten the first two,
 * never lengthen them (utils/forward-test/watch-limits.ts).
 */
export const FEED_WATCH = {
  intervalMs: 5_000,
  limitMs: 5 * 60_000,
  maxFeedBytes: 1024 * 1024,
} as const;
