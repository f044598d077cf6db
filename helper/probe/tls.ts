/**
 * TLS handshakes for implicit-TLS ports and STARTTLS upgrades. We connect with
 * rejectUnauthorized:false and judge the certificate ourselves, so the report carries the
 * certificate details even when it is bad, and the stage fails with Node's own code.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { TlsInfo } from '@/contract/protocol';
import { ProbeError, toProbeError } from './errors';
import { race } from './deadline';

export interface TlsTarget {
  /** The name the user asked for: checked against the certificate and sent as SNI. */
  host: string;
  /** Extra trusted CA (PEM), added to Node's bundled roots. */
  ca?: string | Buffer;
}

export interface TlsOutcome {
  socket: tls.TLSSocket;
  info: TlsInfo;
  /** Set when the certificate is not trusted or does not match: the stage fails, the details stay. */
  problem?: { code: string; detail: string };
}

const DAY_MS = 86_400_000;

/**
 * Building a context from Node's ~140 bundled roots plus the extra CA parses every certificate
 * synchronously (tens of ms); done per connection, seven parallel probes would queue behind each
 * other. One context per CA text, kept for the next runs too (the native host probes repeatedly).
 */
const contexts = new Map<string, tls.SecureContext>();

/**
 * Node adds NODE_EXTRA_CA_CERTS to its default trust store only; an explicit `ca` replaces that
 * store, so the extra CAs are carried over to keep trusting them too. Node itself only warns about
 * an unreadable file; so do we, by ignoring it.
 */
function extraCaFromEnv(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}
export function contextWithCa(ca: string): tls.SecureContext {
  let ctx = contexts.get(ca);
  if (!ctx) {
    if (contexts.size >= 4) contexts.clear();
    ctx = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extraCaFromEnv(), ca] });
    contexts.set(ca, ctx);
  }
  return ctx;
}

/**
 * Without a `ca`, tls.connect would build a fresh context (an SSL_CTX, ~0.3 ms of CPU) for every
 * connection; the default trust store (bundled roots + NODE_EXTRA_CA_CERTS) is the same each time,
 * so one context serves every connection of the process.
 */
let defaultContext: tls.SecureContext | undefined;
function contextFor(target: TlsTarget): tls.SecureContext {
  if (target.ca) return contextWithCa(target.ca.toString());
  defaultContext ??= tls.createSecureContext();
  return defaultContext;
}

/** Handshake over an already connected TCP socket (implicit TLS right after connect, or after STARTTLS). */
export async function handshake(
  socket: net.Socket,
  target: TlsTarget,
  until: number,
  signal: AbortSignal | undefined,
): Promise<TlsOutcome> {
  // When the chain verifies, Node builds the detailed peer certificate (the whole chain, ~1 ms of
  // CPU) for its name check; keep that object so judge() does not build the certificate again.
  let peer: tls.PeerCertificate | undefined;
  const secure = tls.connect({
    socket,
    // SNI must be a name, never an IP address literal.
    servername: net.isIP(target.host) ? undefined : target.host,
    rejectUnauthorized: false,
    secureContext: contextFor(target),
    checkServerIdentity: (name, cert) => {
      peer = cert;
      return tls.checkServerIdentity(name, cert);
    },
  });
  // Errors after the handshake are read by the line reader; this keeps a late one from crashing us.
  secure.on('error', () => {});
  try {
    await race(
      new Promise<void>((resolve, reject) => {
        secure.once('secureConnect', () => resolve());
        secure.once('error', (e) => reject(toProbeError(e)));
        secure.once('close', () => reject(new ProbeError('ECONNRESET', 'the connection closed during the TLS handshake')));
      }),
      until,
      signal,
      'TLS handshake',
    );
  } catch (e) {
    secure.destroy();
    throw e;
  }
  return { socket: secure, ...judge(secure, target.host, peer) };
}

/** Certificate details and our own verdict on trust and name. */
export function judge(secure: tls.TLSSocket, host: string, peer?: tls.PeerCertificate): { info: TlsInfo; problem?: TlsOutcome['problem'] } {
  const cert: tls.PeerCertificate = peer ?? secure.getPeerCertificate();
  const hasCert = cert && Object.keys(cert).length > 0;
  // Node folds its own name check into `authorized` (only when the chain itself verified), so a
  // name error there means the chain is trusted; we report the name separately below.
  const rawError = secure.authorizationError ? String(secure.authorizationError) : undefined;
  const authError = rawError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? undefined : rawError;
  const trusted = secure.authorized || (rawError !== undefined && authError === undefined);
  let nameMatches = false;
  let nameError: Error | undefined;
  if (hasCert) {
    nameError = tls.checkServerIdentity(host, cert);
    nameMatches = nameError === undefined;
  }
  const validTo = hasCert && cert.valid_to ? new Date(cert.valid_to) : undefined;
  const info: TlsInfo = {
    protocol: secure.getProtocol() ?? undefined,
    cipher: secure.getCipher()?.name,
    subject: hasCert ? dn(cert.subject) : undefined,
    san: hasCert && cert.subjectaltname ? cert.subjectaltname.split(/,\s*/).filter(Boolean) : [],
    issuer: hasCert ? dn(cert.issuer) : undefined,
    validFrom: hasCert && cert.valid_from ? new Date(cert.valid_from).toISOString() : undefined,
    validTo: validTo?.toISOString(),
    daysLeft: validTo ? Math.floor((validTo.getTime() - Date.now()) / DAY_MS) : undefined,
    trusted,
    nameMatches,
    error: authError ?? (nameError ? ((nameError as NodeJS.ErrnoException).code ?? nameError.message) : undefined),
  };
  let problem: TlsOutcome['problem'];
  if (!trusted) problem = { code: authError ?? 'CERT_UNTRUSTED', detail: `certificate not trusted: ${authError ?? 'unknown reason'}` };
  else if (!hasCert) problem = { code: 'CERT_MISSING', detail: 'the server sent no certificate' };
  else if (nameError)
    problem = { code: (nameError as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID', detail: nameError.message };
  return { info, problem };
}

/** "CN=mail.example, O=Example" from Node's certificate name object (values may be arrays). */
function dn(name: tls.Certificate | undefined): string | undefined {
  if (!name) return undefined;
  const parts = Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`);
  return parts.length ? parts.join(', ') : undefined;
}
