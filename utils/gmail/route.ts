/**
 * Which Gmail view the person is on, from the URL alone (Gmail routes with the hash fragment:
 * `#inbox`, `#settings/general`, `#settings/accounts`, …). Pure functions: the content script entry
 * calls them on `hashchange`/`popstate` and must stay cheap on every other route.
 */

export type GmailRoute = 'settings-accounts' | 'other';

/**
 * `#settings/accounts` and nothing after but an optional query/sub-path from Gmail's own
 * navigation (e.g. `#settings/accounts?compose=new`). `#settings/accountsfoo` is not it.
 */
const ACCOUNTS_HASH = /^#settings\/accounts(?:$|[/?&])/;

/** Gmail's mailbox paths: /mail/, /mail/u/N/, and Workspace /a/domain/ variants. */
const MAIL_PATH = /^\/(?:a\/[^/]+\/)?mail(?:\/u\/\d+)?\/?$/;

export const routeOf = (url: string | URL): GmailRoute => {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return 'other';
  }
  if (u.hostname !== 'mail.google.com') return 'other';
  if (!MAIL_PATH.test(u.pathname)) return 'other';
  return ACCOUNTS_HASH.test(u.hash) ? 'settings-accounts' : 'other';
};

export const isSettingsAccounts = (url: string | URL): boolean => routeOf(url) === 'settings-accounts';
