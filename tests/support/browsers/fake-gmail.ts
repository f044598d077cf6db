/**
 * Fixture pages served as https://mail.google.com/... Shared by the Chromium (context.route) and Firefox
 * (local HTTPS server) harnesses so both browsers see the same routes and headers.
 */

/** Gmail enforces Trusted Types; fixtures do too, so a content script using innerHTML fails here as it would there. */
export const GMAIL_CSP = "require-trusted-types-for 'script'";

export interface FakeRequest {
  url: URL;
  method: string;
}
/** A full response, for non-HTML routes (JSON, scripts, errors). HTML responses still get Gmail's CSP. */
export interface FakeReply {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  body: string;
  /** Another site than Gmail: its pages come without Gmail's Trusted Types policy. */
  noGmailCsp?: boolean;
}
export type RouteBody = string | FakeReply | ((req: FakeRequest) => string | FakeReply);
/** Keys: an exact path (`/mail/u/0/`), a path with `*` wildcards (`/mail/*`), or a RegExp source wrapped in slashes (`/^\/mail/`). */
export type FakeRoutes = Record<string, RouteBody>;

const toMatcher = (key: string): ((path: string) => boolean) => {
  if (key.length > 2 && key.startsWith('/^')) {
    const re = new RegExp(key.slice(1, key.lastIndexOf('/')));
    return (p) => re.test(p);
  }
  if (key.includes('*')) {
    const re = new RegExp(
      '^' +
        key
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*') +
        '$',
    );
    return (p) => re.test(p);
  }
  return (p) => p === key;
};

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Resolves a request against the routes; path is matched without the query string, then with it. */
export function resolveFakeGmail(routes: FakeRoutes, url: URL, method = 'GET'): FakeResponse {
  const matchers = Object.entries(routes).map(([k, v]) => [toMatcher(k), v] as const);
  const candidates = [url.pathname, url.pathname + url.search];
  for (const [match, body] of matchers) {
    if (candidates.some(match)) {
      const got = typeof body === 'function' ? body({ url, method }) : body;
      const reply: FakeReply = typeof got === 'string' ? { body: got } : got;
      const contentType = reply.contentType ?? 'text/html; charset=utf-8';
      return {
        status: reply.status ?? 200,
        headers: {
          'content-type': contentType,
          'cache-control': 'no-store',
          ...(contentType.startsWith('text/html') && !reply.noGmailCsp ? { 'content-security-policy': GMAIL_CSP } : {}),
          ...reply.headers,
        },
        body: reply.body,
      };
    }
  }
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `no fixture for ${url.pathname}` };
}

/** Minimal page wrapper for fixtures. */
export const fixturePage = (body: string, title = 'Gmail'): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
