/**
 * From a probe's per-service results to what a non-technical person needs: a status per row
 * (ok / warn / fail) and one sentence at the top. Gmail fetches over POP3 on 995 (SSL) or 110
 * (plain) only, so the sentence is about those two first; the other services only matter when POP
 * tells us nothing.
 *
 * Everything here is pure: it returns i18n keys and substitutions, the caller translates.
 */
import { SERVICE_PROTOCOL, SERVICE_TLS, type Service } from '@/contract/mail2000';
import type { ServiceResult, Stage } from '@/contract/protocol';
import type { MessageKey, Translate } from '../i18n/translate';

export type RowStatus = 'running' | 'ok' | 'warn' | 'fail';

/** Certificates expiring within this many days are a warning (Gmail will fail once they expire). */
export const CERT_WARN_DAYS = 30;

/** Node's codes that mean "the network did not let us through", as opposed to a server that answered wrongly. */
const BLOCKED_CODES = new Set(['ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'ESERVFAIL']);
const CERT_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]);

export interface Msg {
  key: MessageKey;
  subs?: Array<string | number>;
}

/** A warning we derive ourselves when the helper sent none (older helpers, or results from a file). */
export type DerivedWarning = 'cert-expiring' | 'no-uidl' | 'no-starttls';

export const firstFailedStage = (r: ServiceResult): Stage | undefined => r.stages.find((s) => !s.ok);

const hasCapability = (r: ServiceResult, cap: string): boolean =>
  (r.capabilities ?? []).some((c) => c.toUpperCase().split(/\s+/)[0] === cap);

export const derivedWarnings = (r: ServiceResult): DerivedWarning[] => {
  if (!r.ok) return [];
  const out: DerivedWarning[] = [];
  if (r.tls?.daysLeft !== undefined && r.tls.daysLeft <= CERT_WARN_DAYS) out.push('cert-expiring');
  if (SERVICE_PROTOCOL[r.service] === 'pop3' && r.capabilities && !hasCapability(r, 'UIDL')) out.push('no-uidl');
  if (SERVICE_TLS[r.service] === 'starttls' && !r.stages.some((s) => s.name === 'starttls' && s.ok)) {
    // Only when we know what the server offered; an empty list means "not read".
    if (r.capabilities && r.capabilities.length > 0) out.push('no-starttls');
  }
  return out;
};

export const rowStatus = (r: ServiceResult | undefined): RowStatus => {
  if (!r) return 'running';
  if (!r.ok || r.auth === 'rejected') return 'fail';
  return r.warnings.length > 0 || derivedWarnings(r).length > 0 ? 'warn' : 'ok';
};

export type FailureKind = 'dns' | 'blocked' | 'cert-expired' | 'cert' | 'protocol' | 'other';

export const failureKind = (r: ServiceResult): FailureKind => {
  const st = firstFailedStage(r);
  const code = st?.code ?? r.tls?.error ?? '';
  if (st?.name === 'dns' || DNS_CODES.has(code)) return 'dns';
  if (code === 'CERT_HAS_EXPIRED' || (r.tls?.daysLeft !== undefined && r.tls.daysLeft < 0)) return 'cert-expired';
  if (CERT_CODES.has(code) || (r.tls && (!r.tls.trusted || !r.tls.nameMatches))) return 'cert';
  if (st?.name === 'tcp' || BLOCKED_CODES.has(code)) return 'blocked';
  if (st && ['greeting', 'tls', 'capabilities', 'starttls'].includes(st.name)) return 'protocol';
  return 'other';
};

export interface Verdict {
  level: 'ok' | 'warn' | 'fail' | 'none';
  /** One sentence made of one or more parts, joined with a space by the caller. */
  parts: Msg[];
}

const byService = (results: readonly ServiceResult[]) => {
  const m = new Map<Service, ServiceResult>();
  for (const r of results) m.set(r.service, r);
  return m;
};

/** Why 995 failed, in words: blocked, or a certificate problem, or something else. */
const sslFailure = (r: ServiceResult): Msg => {
  switch (failureKind(r)) {
    case 'blocked':
      return { key: 'verdict_995_blocked', subs: [r.port] };
    case 'cert-expired':
      return { key: 'verdict_995_cert_expired', subs: [r.port, Math.abs(Math.round(r.tls?.daysLeft ?? 0))] };
    case 'cert':
      return { key: 'verdict_995_cert_bad', subs: [r.port] };
    default:
      return { key: 'verdict_995_broken', subs: [r.port] };
  }
};

const authPart = (results: readonly ServiceResult[]): Msg | undefined => {
  const tried = results.filter((r) => r.auth === 'accepted' || r.auth === 'rejected');
  if (tried.some((r) => r.auth === 'rejected')) return { key: 'verdict_auth_rejected' };
  if (tried.some((r) => r.auth === 'accepted')) return { key: 'verdict_auth_accepted' };
  return undefined;
};

/**
 * The verdict for Gmail's POP fetch. `final` says whether every requested service has answered;
 * before that the sentence only says what is known so far.
 */
export const verdictOf = (results: readonly ServiceResult[], opts: { host: string; final: boolean }): Verdict => {
  const m = byService(results);
  const ssl = m.get('pop3s');
  const plain = m.get('pop3');
  const auth = authPart(results);
  const withAuth = (v: Verdict): Verdict => {
    if (!auth) return v;
    const level = auth.key === 'verdict_auth_rejected' ? 'fail' : v.level;
    return { level, parts: [...v.parts, auth] };
  };

  if (results.length === 0) return { level: 'none', parts: [{ key: opts.final ? 'verdict_nothing' : 'verdict_running' }] };

  // Nothing reachable and the name did not resolve: one clear sentence about the name.
  if (results.every((r) => !r.ok && failureKind(r) === 'dns')) {
    return { level: 'fail', parts: [{ key: 'verdict_dns', subs: [opts.host] }] };
  }

  if (ssl?.ok) {
    const status = rowStatus(ssl);
    return withAuth({
      level: status === 'ok' ? 'ok' : 'warn',
      parts: [{ key: status === 'ok' ? 'verdict_995_ok' : 'verdict_995_ok_warn', subs: [ssl.port] }],
    });
  }
  if (ssl && !ssl.ok) {
    if (plain?.ok) {
      return withAuth({ level: 'warn', parts: [sslFailure(ssl), { key: 'verdict_110_ok_plain', subs: [plain.port] }] });
    }
    if (plain && !plain.ok) {
      const allBlocked = results.every((r) => !r.ok && failureKind(r) === 'blocked');
      if (allBlocked) return { level: 'fail', parts: [{ key: 'verdict_all_blocked', subs: [opts.host] }] };
      return withAuth({ level: 'fail', parts: [sslFailure(ssl), { key: 'verdict_110_fail', subs: [plain.port] }] });
    }
    if (!opts.final) return { level: 'none', parts: [sslFailure(ssl), { key: 'verdict_running' }] };
    return withAuth({ level: 'fail', parts: [sslFailure(ssl)] });
  }
  if (plain?.ok) {
    return withAuth({ level: 'warn', parts: [{ key: 'verdict_110_only', subs: [plain.port] }] });
  }
  if (!opts.final) return { level: 'none', parts: [{ key: 'verdict_running' }] };
  // POP was not probed or failed without 995 being asked for: count what works.
  const ok = results.filter((r) => r.ok).length;
  return withAuth({
    level: ok === results.length ? 'ok' : ok === 0 ? 'fail' : 'warn',
    parts: [{ key: 'verdict_count', subs: [ok, results.length] }],
  });
};

export const verdictText = (v: Verdict, t: Translate): string => v.parts.map((p) => t(p.key, p.subs)).join(' ');
