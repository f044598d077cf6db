/**
 * The host's allow-list: which mail servers the extension may ask it to probe, and on which ports.
 * Without it the host would be a port scanner driven by whatever talks to it, so every probe
 * request passes `checkProbeRequest` before a single packet leaves the machine.
 *
 * Spec syntax (install --allow, config.json): `HOST` or `HOST:PORT[+PORT...]`, IPv6 in brackets
 * (`[::1]:10110+10995`). A host always gets the standard mail ports; the named ports are extra,
 * for servers on non-standard ports such as test servers on high loopback ports.
 */
import * as z from 'zod/mini';
import { DEFAULT_PORTS, MAIL2000_HOST } from '@/contract/mail2000';
import { HostnameSchema, PortSchema, type ProbeRequest } from '@/contract/protocol';

export interface AllowEntry {
  host: string;
  /** Ports allowed beyond the standard mail ports. */
  ports: number[];
}

/** The standard mail ports (POP3, IMAP, SMTP with and without TLS, submission). */
export const MAIL_PORTS: ReadonlySet<number> = new Set(Object.values(DEFAULT_PORTS));

const SPEC = /^(?:\[(?<v6>[^\]]+)\]|(?<name>[^:\s]+))(?::(?<ports>[0-9+]+))?$/;

/** Parses one allow spec; throws an Error with a readable message when it is not valid. */
export function parseAllowSpec(spec: string): AllowEntry {
  const m = SPEC.exec(spec.trim());
  if (!m?.groups) throw new Error(`not a HOST or HOST:PORT+PORT spec: ${JSON.stringify(spec)}`);
  const host = (m.groups.v6 ?? m.groups.name ?? '').toLowerCase();
  if (!HostnameSchema.safeParse(host).success) throw new Error(`not a host name: ${JSON.stringify(host)}`);
  const ports: number[] = [];
  if (m.groups.ports !== undefined) {
    for (const p of m.groups.ports.split('+')) {
      const n = PortSchema.safeParse(Number(p));
      if (!p || !n.success) throw new Error(`not a port (1-65535): ${JSON.stringify(p)} in ${JSON.stringify(spec)}`);
      if (!ports.includes(n.data)) ports.push(n.data);
    }
  }
  return { host, ports: ports.sort((a, b) => a - b) };
}

export function formatAllowEntry(e: AllowEntry): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return e.ports.length ? `${host}:${e.ports.join('+')}` : host;
}

export const AllowSpecSchema = z.string().check(
  z.maxLength(300),
  z.refine(
    (s) => {
      try {
        parseAllowSpec(s);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a HOST or HOST:PORT+PORT allow spec' },
  ),
);

/** Merges entries for the same host (ports united) and always keeps the Mail2000 host first. */
export function effectiveAllowList(specs: readonly string[]): AllowEntry[] {
  const byHost = new Map<string, Set<number>>([[MAIL2000_HOST, new Set()]]);
  for (const s of specs) {
    const e = parseAllowSpec(s);
    const set = byHost.get(e.host) ?? new Set<number>();
    for (const p of e.ports) set.add(p);
    byHost.set(e.host, set);
  }
  return [...byHost].map(([host, ports]) => ({ host, ports: [...ports].sort((a, b) => a - b) }));
}

export type AllowVerdict = { ok: true } | { ok: false; message: string };

/** Decides whether a (schema-valid) probe request stays inside the allow-list. */
export function checkProbeRequest(req: Pick<ProbeRequest, 'host' | 'ports'>, allow: readonly AllowEntry[]): AllowVerdict {
  const host = req.host.toLowerCase();
  const entry = allow.find((e) => e.host === host);
  if (!entry) {
    return {
      ok: false,
      message: `host ${req.host} is not on the helper's allow-list (allowed: ${allow.map((e) => e.host).join(', ')}); add it with: m2k-probe install --allow ${req.host}`,
    };
  }
  for (const [service, port] of Object.entries(req.ports ?? {})) {
    if (port === undefined) continue;
    if (!MAIL_PORTS.has(port) && !entry.ports.includes(port)) {
      return {
        ok: false,
        message: `port ${port} (${service}) is not a mail port and not allowed for ${entry.host}; add it with: m2k-probe install --allow ${formatAllowEntry({ host: entry.host, ports: [port] })}`,
      };
    }
  }
  return { ok: true };
}

/**
 * Decides whether a (schema-valid) discovery request stays inside the rules: a domain of one
 * organisation (not an address, not a registry suffix such as edu.tw), the standard mail ports, and
 * other ports only when the allow-list names them for that very domain (`school.test:10110+10995`).
 * The candidate names are derived by the host from the domain, never taken from the request.
 */
export function checkDiscoverRequest(
  req: { domain: string; ports?: ProbeRequest['ports'] },
  allow: readonly AllowEntry[],
  isDomain: (d: string) => boolean,
): AllowVerdict {
  const domain = req.domain.toLowerCase();
  if (!isDomain(domain)) return { ok: false, message: `${req.domain} is not a domain to discover (a name like school.edu.tw)` };
  const entry = allow.find((e) => e.host === domain);
  for (const [service, port] of Object.entries(req.ports ?? {})) {
    if (port === undefined || MAIL_PORTS.has(port) || entry?.ports.includes(port)) continue;
    const add = formatAllowEntry({ host: domain, ports: [port] });
    return {
      ok: false,
      message: `port ${port} (${service}) is not a mail port and not allowed for ${domain}; add it with: m2k-probe install --allow ${add}`,
    };
  }
  return { ok: true };
}
