/**
 * What one fetch account's row says once it is text: the last check and the error in its status,
 * and whether its address is the Mail2000 one. Pure string rules, kept apart from walking Gmail's
 * page (fetch-row.ts, reader.ts) so they are read and tested on strings alone.
 */
import { matchGmailError } from '@/utils/audit/gmail-errors';
import { ACCOUNTS_ROW_TEXTS } from '@/utils/gmail/labels';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (variants: readonly string[]): string => variants.map(escapeRe).join('|');

const LAST_CHECKED = new RegExp(`(?:${anyOf(ACCOUNTS_ROW_TEXTS.lastChecked)})\\s*[:：]\\s*([^.。]+)`, 'i');
const ERROR_PREFIX = new RegExp(`(?:^|[\\s.。])(?:${anyOf(ACCOUNTS_ROW_TEXTS.errorPrefix)})\\s*[:：]\\s*(.+)$`, 'i');

export function parseStatus(status: string): { lastChecked?: string; error?: string } {
  const out: { lastChecked?: string; error?: string } = {};
  const lc = LAST_CHECKED.exec(status);
  if (lc?.[1]) out.lastChecked = lc[1].trim().slice(0, 200);
  const err = ERROR_PREFIX.exec(status);
  if (err?.[1]) out.error = err[1].trim().slice(0, 1000);
  else if (matchGmailError(status)) out.error = status.slice(0, 1000);
  return out;
}

/**
 * Is this fetch account the Mail2000 one? Gmail's row shows only the address (the server is in
 * "edit info"), so the domain decides: the profile's own address domain, or the server's domain
 * (mail.au.edu.tw serves @mail.au.edu.tw and @au.edu.tw).
 */
export function isMail2000Address(address: string, opts: { host: string; profileAddress?: string }): boolean {
  const domain = address.split('@')[1]?.toLowerCase();
  if (!domain) return false;
  const own = opts.profileAddress?.split('@')[1]?.toLowerCase();
  if (own && domain === own) return true;
  // The server's domain, or the domain it serves mail for (mail.au.edu.tw → au.edu.tw); never
  // broader, or "edu.tw" would make every school's account a Mail2000 one.
  const host = opts.host.toLowerCase();
  return host === domain || host.slice(host.indexOf('.') + 1) === domain;
}
