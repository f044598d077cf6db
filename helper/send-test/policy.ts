/**
 * The school domain's SPF and DMARC records, read through the system's DNS (or the resolver a test
 * hands in), summed up for forwarded mail: does the school's SPF name the server that forwards,
 * what does its DMARC ask receivers to do, and the notes that follow from both. DNS only: no
 * connection to any mail server.
 */
import dns from 'node:dns';
import net from 'node:net';
import { MailPolicySchema, type DmarcSummary, type MailPolicy, type PolicyNoteCode, type SpfSummary } from '@/contract/mail-policy';
import { parentDomain } from '../discover/candidates';
import { POLICY_NOTE_TEXT } from './policy-notes';
import { allOf, pickSpf, spfVerdict, type SpfResolver } from './spf';

/** A resolver with short timeouts; `server` (`IP[:PORT]`) replaces the system's DNS servers. */
export function makePolicyResolver(server?: string): SpfResolver {
  const r = new dns.promises.Resolver({ timeout: 1500, tries: 2 });
  if (server) r.setServers([server]);
  return r;
}

const errorCode = (e: unknown): string => {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? c.slice(0, 64) : 'EDNS';
};

/** Within `ms`, or a timeout: a slow DNS never holds up the test. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(Object.assign(new Error('DNS answer too late'), { code: 'ETIMEDOUT' })), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}

const POLICIES = ['none', 'quarantine', 'reject'] as const;
type Policy = (typeof POLICIES)[number];
const asPolicy = (v: string | undefined): Policy | undefined => POLICIES.find((p) => p === v?.trim().toLowerCase());

/** The tags of a `v=DMARC1` record. */
export function parseDmarc(record: string): Pick<DmarcSummary, 'policy' | 'subdomainPolicy' | 'pct'> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) tags.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  const pct = Number(tags.get('pct'));
  const policy = asPolicy(tags.get('p'));
  const subdomainPolicy = asPolicy(tags.get('sp'));
  return {
    ...(policy ? { policy } : {}),
    ...(subdomainPolicy ? { subdomainPolicy } : {}),
    ...(Number.isInteger(pct) && pct >= 0 && pct <= 100 ? { pct } : {}),
  };
}

async function readDmarc(r: SpfResolver, domain: string, ms: number): Promise<DmarcSummary> {
  // The organisation's record applies to its subdomains when they have none of their own (sp= then).
  const names = [domain, parentDomain(domain)].filter((d): d is string => !!d);
  let error: string | undefined;
  for (const [i, name] of names.entries()) {
    try {
      const txt = await within(r.resolveTxt(`_dmarc.${name}`), ms);
      const record = txt.map((c) => c.join('')).find((x) => /^v=DMARC1\s*(?:;|$)/i.test(x));
      if (!record) continue;
      const tags = parseDmarc(record);
      const policy = i > 0 ? (tags.subdomainPolicy ?? tags.policy) : tags.policy;
      return { found: true, record: record.slice(0, 1024), ...tags, ...(policy ? { policy } : {}) };
    } catch (e) {
      const code = errorCode(e);
      // No such name is an answer (no record); anything else is a failure to read.
      if (code !== 'ENOTFOUND' && code !== 'ENODATA') error ??= code;
    }
  }
  return { found: false, ...(error ? { error } : {}) };
}

async function readSpf(r: SpfResolver, domain: string, host: string, ms: number): Promise<SpfSummary> {
  let record: string | undefined | 'several';
  try {
    record = pickSpf(await within(r.resolveTxt(domain), ms));
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { found: false, server: 'not-listed' };
    return { found: false, server: 'unknown', error: code };
  }
  if (record === undefined) return { found: false, server: 'not-listed' };
  if (record === 'several') return { found: true, server: 'unknown', error: 'SPF_SEVERAL_RECORDS' };
  const all = allOf(record);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else if (host === 'localhost') addresses = ['127.0.0.1', '::1'];
  else {
    const [a, aaaa] = await Promise.allSettled([within(r.resolve4(host), ms), within(r.resolve6(host), ms)]);
    addresses = [...(a.status === 'fulfilled' ? a.value : []), ...(aaaa.status === 'fulfilled' ? aaaa.value : [])];
  }
  const server = addresses.length ? await within(spfVerdict(r, domain, addresses), ms * 3).catch(() => 'unknown' as const) : 'unknown';
  return { found: true, record: record.slice(0, 1024), ...(all ? { all } : {}), server };
}

/** Which notes follow from the records, in their fixed order. */
export function policyNotes(spf: SpfSummary, dmarc: DmarcSummary): PolicyNoteCode[] {
  const colleagues: PolicyNoteCode =
    spf.server === 'listed' ? 'colleagues-pass' : spf.server === 'unknown' ? 'colleagues-spf-unknown' : 'colleagues-spf-not-listed';
  const strict = spf.server !== 'listed' && (dmarc.policy === 'reject' || dmarc.policy === 'quarantine');
  return [colleagues, 'outside-dkim', ...(strict ? (['dmarc-strict'] as const) : []), 'keep-copy'];
}

export async function readMailPolicy(
  domain: string,
  host: string,
  resolver: SpfResolver = makePolicyResolver(),
  ms = 3_000,
): Promise<MailPolicy> {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const [spf, dmarc] = await Promise.all([readSpf(resolver, d, host, ms), readDmarc(resolver, d, ms)]);
  return MailPolicySchema.parse({
    domain: d,
    host,
    spf,
    dmarc,
    notes: policyNotes(spf, dmarc).map((code) => ({ code, ...POLICY_NOTE_TEXT[code] })),
  });
}
