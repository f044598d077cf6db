/**
 * One error type for every way a probe stage can fail. `code` is Node's own code when Node gave one
 * (ECONNREFUSED, CERT_HAS_EXPIRED, ERR_SSL_WRONG_VERSION_NUMBER ...) or one of ours (ETIMEDOUT for our
 * own deadlines, WRONG_PROTOCOL, TLS_EXPECTED, TOO_MUCH_DATA ...), so hints can be looked up by code.
 */
export class ProbeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** For WRONG_PROTOCOL: which protocol the greeting looked like (picks the hint). */
    readonly seen?: 'pop3' | 'imap' | 'smtp' | 'unknown',
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** Codes of our own (not Node's); listed so callers and tests can rely on them. */
export const OWN_CODES = [
  'ETIMEDOUT', // a stage or the whole run ran out of time
  'ECONNCLOSED', // the server closed the connection while we waited for a reply
  'TOO_MUCH_DATA', // the server sent more than the byte cap (endless banner)
  'WRONG_PROTOCOL', // the greeting belongs to another protocol (IMAP on a POP port ...)
  'GREETING_REFUSED', // a greeting of the right protocol that refuses us (-ERR, * BYE, 554)
  'TLS_EXPECTED', // a plain port that stays silent but completes a TLS handshake
  'BAD_REPLY', // an answer we cannot parse or a refused command
  'STARTTLS_REFUSED', // the server offered STLS/STARTTLS but refused it
  'AUTH_REJECTED', // wrong user name or password (or service switched off)
  'AUTH_REFUSED_PLAIN', // we refuse to send a password over an unencrypted connection
  'ABORTED', // the caller cancelled the run
  'BAD_COMMAND', // a command line with CR, LF or NUL inside was refused before sending
] as const;

/** Any thrown value as a ProbeError, keeping Node's code. */
export function toProbeError(e: unknown): ProbeError {
  if (e instanceof ProbeError) return e;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return new ProbeError(typeof code === 'string' && code ? code : 'EIO', e.message);
  }
  return new ProbeError('EIO', String(e));
}
