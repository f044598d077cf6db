/**
 * One error type for every way a probe stage can fail. `code` is Node's own code when Node gave one
 * (ECONNREFUSED, CERT_HAS_EXPIRED, ERR_SSL_WRONG_VERSION_NUMBER ...) or one of ours (ETIMEDOUT for our
 * own deadlines, WRONG_PROTOCOL, TLS_EXPECTED, TOO_MUCH_DATA ...), so hints can be looked up by code:
 * every code of ours has its hint in hints.ts.
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

/** Any thrown value as a ProbeError, keeping Node's code. */
export function toProbeError(e: unknown): ProbeError {
  if (e instanceof ProbeError) return e;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return new ProbeError(typeof code === 'string' && code ? code : 'EIO', e.message);
  }
  return new ProbeError('EIO', String(e));
}
