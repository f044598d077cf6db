/**
 * The known Mail2000 sites (mail2000-sites.json), zod-free for pages that need them before any
 * schema: which entries fit an address's domain. The file's shape is KnownSitesFileSchema
 * (discovery.ts), checked by a test.
 */
import sites from './mail2000-sites.json';

export interface KnownSiteEntry {
  domain: string;
  host: string;
  popPort?: 995;
  source: string;
  note: string;
}

export const KNOWN_SITES: readonly KnownSiteEntry[] = sites.sites as KnownSiteEntry[];

/** The entries for `domain` or a domain it belongs to (stu.example.edu.tw → example.edu.tw). */
export function knownSitesFor(domain: string, table: readonly KnownSiteEntry[] = KNOWN_SITES): KnownSiteEntry[] {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return table.filter((s) => d === s.domain || d.endsWith(`.${s.domain}`));
}

/** The domain part of an address (or the text itself when it has no @), lower-case. */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(at + 1) : address).trim().toLowerCase().replace(/\.$/, '');
}

/** An address as a fetch account shows it: one @, something before it, no spaces or controls. */
const ADDRESS_RE = /^[^\s@<>"'\\\u0000-\u001f\u007f]+@[^\s@<>"'\\\u0000-\u001f\u007f]+$/;

/**
 * The known site an address sits on, or undefined: the one rule for the Gmail panel's "Use these
 * settings" offer and for the background's `find:open`, which opens "Find my server" only for an
 * address the panel could have offered.
 */
export function knownSiteOfAddress(address: string, table: readonly KnownSiteEntry[] = KNOWN_SITES): KnownSiteEntry | undefined {
  const a = address.trim();
  return ADDRESS_RE.test(a) ? knownSitesFor(addressDomain(a), table)[0] : undefined;
}

/**
 * The webmail origins of the known sites (https://<host>, the Mail2000 webmail's own address): the
 * forwarding assistant's content script runs there from the manifest. Every other webmail needs the
 * person's permission first (the options page).
 */
export const webmailOrigins = (table: readonly KnownSiteEntry[] = KNOWN_SITES): string[] => [
  ...new Set(table.map((s) => `https://${s.host.toLowerCase()}`)),
];

/** The match pattern of a webmail origin (manifest content_scripts, permissions). */
export const originPattern = (origin: string): string => `${origin}/*`;
