/**
 * Where the forwarding assistant (the mail2000 content script) runs. The known sites' webmails
 * (contract/mail2000-sites.json) are in the manifest. Any other webmail runs it only after the person
 * allowed that one origin on the options page: the page requests it as an optional host
 * permission, and this module registers the same script there at run time
 * (scripting.registerContentScripts, kept across browser restarts). The registration always follows
 * the granted origins: when a permission is added or removed (also from the browser's own
 * extension settings), at start-up, and after an update.
 */
import { originPattern, webmailOrigins } from '@/contract/known-sites';

export const WEBMAIL_SCRIPT_ID = 'm2k-webmail-assistant';
/** The built content script (WXT's name for entrypoints/mail2000.content/). */
const WEBMAIL_SCRIPT_FILE = 'content-scripts/mail2000.js';

const KNOWN = new Set(webmailOrigins());

/** The part of the browser's API used here (permissions, scripting); tests pass a stand-in. */
export interface WebmailApi {
  grantedOrigins(): Promise<string[]>;
  contains(pattern: string): Promise<boolean>;
  registered(): Promise<Array<{ id: string; matches?: string[] }>>;
  register(script: {
    id: string;
    matches: string[];
    js: string[];
    allFrames: boolean;
    runAt: 'document_idle';
    persistAcrossSessions: boolean;
  }): Promise<void>;
  unregister(id: string): Promise<void>;
}

/** `https://host` for a URL on https, else null. */
export const originOf = (url: string): string | null => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.origin.toLowerCase() : null;
  } catch {
    return null;
  }
};

/** The origins the person allowed besides the known ones: `https://host/*` patterns, exact hosts only. */
const allowedOrigins = async (api: WebmailApi): Promise<string[]> =>
  (await api.grantedOrigins())
    .map((p) => /^(https:\/\/[^/*]+)\/\*$/.exec(p)?.[1]?.toLowerCase())
    .filter((o): o is string => !!o && o !== 'https://mail.google.com' && !KNOWN.has(o));

/** Does the assistant run on `url`'s origin (known, or allowed by the person)? */
export async function isWebmail(api: WebmailApi, url: string): Promise<boolean> {
  const origin = originOf(url);
  if (!origin || origin === 'https://mail.google.com') return false;
  return KNOWN.has(origin) || (await api.contains(originPattern(origin)).catch(() => false));
}

/** Makes the run-time registration match the allowed origins; returns them. */
export async function syncWebmailScript(api: WebmailApi): Promise<string[]> {
  const origins = await allowedOrigins(api);
  const wanted = origins.map(originPattern).sort();
  const current = (await api.registered()).find((s) => s.id === WEBMAIL_SCRIPT_ID);
  if (current && JSON.stringify([...(current.matches ?? [])].sort()) === JSON.stringify(wanted)) return origins;
  if (current) await api.unregister(WEBMAIL_SCRIPT_ID);
  if (wanted.length) {
    await api.register({
      id: WEBMAIL_SCRIPT_ID,
      matches: wanted,
      js: [WEBMAIL_SCRIPT_FILE],
      allFrames: true,
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });
  }
  return origins;
}
