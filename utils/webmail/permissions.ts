/**
 * The options page's side of "allow the forwarding assistant on this webmail": one https origin
 * asked for as an optional host permission, after the person's click (the background then
 * registers the content script there: entrypoints/background/webmail-sites.ts). The browser's own
 * promise API (`wxt/browser`).
 */
import { browser } from 'wxt/browser';
import { KNOWN_SITES, originPattern, webmailOrigins } from '@/contract/known-sites';
import { HOSTNAME_RE } from '@/contract/limits';

const api = () => browser.permissions;

/** The known sites' webmail hosts: the assistant runs there from the manifest. */
export const KNOWN_WEBMAILS: readonly string[] = [...new Set(KNOWN_SITES.map((s) => s.host.toLowerCase()))];

/** A host typed as "webmail.school.edu.tw", "https://webmail.school.edu.tw/" or with a path: the host, or null. */
export function webmailHost(text: string): string | null {
  let s = text.trim().toLowerCase();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(s)) s = `https://${s}`;
  try {
    const u = new URL(s);
    if (u.protocol !== 'https:' || u.port || u.username || u.password) return null;
    return HOSTNAME_RE.test(u.hostname) && u.hostname.includes('.') && u.hostname !== 'mail.google.com' ? u.hostname : null;
  } catch {
    return null;
  }
}

const KNOWN_ORIGINS = new Set(webmailOrigins());

/** The webmails the person allowed (besides the known ones), as hosts. */
export async function allowedWebmails(): Promise<string[]> {
  const origins = (await api().getAll()).origins ?? [];
  return origins
    .map((p) => /^https:\/\/([^/*]+)\/\*$/.exec(p)?.[1]?.toLowerCase())
    .filter((h): h is string => !!h && h !== 'mail.google.com' && !KNOWN_ORIGINS.has(`https://${h}`))
    .sort();
}

/** Asks the browser for `host`; call it straight from the person's click (the browser asks them). */
export const requestWebmail = (host: string): Promise<boolean> => api().request({ origins: [originPattern(`https://${host}`)] });

export const removeWebmail = (host: string): Promise<boolean> => api().remove({ origins: [originPattern(`https://${host}`)] });

/** Calls `cb` whenever a permission is granted or taken back (here or in the browser's settings); returns the unsubscribe. */
export function onWebmailsChanged(cb: () => void): () => void {
  const p = api();
  p.onAdded.addListener(cb);
  p.onRemoved.addListener(cb);
  return () => {
    p.onAdded.removeListener(cb);
    p.onRemoved.removeListener(cb);
  };
}
