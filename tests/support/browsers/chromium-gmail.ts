import type { BrowserContext } from 'playwright-core';
import { launchChromium, type ChromiumSession, type LaunchChromiumOptions } from './chromium';
import { startFakeGmailServer, type FakeGmailServer } from './fake-gmail-server';
import { resolveFakeGmail, type FakeRoutes } from './fake-gmail';

/**
 * Serves fixture pages as https://mail.google.com/** inside a Chromium context (no server needed):
 * content scripts run on them, also in windows they window.open. Unknown paths get a 404.
 */
export async function serveFakeGmail(context: BrowserContext, routes: FakeRoutes): Promise<void> {
  await context.route('https://mail.google.com/**', async (route) => {
    const req = route.request();
    const res = resolveFakeGmail(routes, new URL(req.url()), req.method());
    await route.fulfill({ status: res.status, headers: res.headers, body: res.body });
  });
}

/**
 * Chromium with other https sites than Gmail served locally (e.g. a Mail2000 webmail at a known site's
 * name): one local HTTPS server answers for every host in `sites` (fake-gmail-server.ts), and
 * Chromium resolves those names to it. Routing inside the browser is not enough for these sites:
 * tabs the extension opens start loading before a route can catch their first request.
 * `server.siteRequests` records each request as `METHOD host/path?query`.
 */
export async function launchChromiumWithSites(
  sites: Record<string, FakeRoutes>,
  opts: LaunchChromiumOptions = {},
): Promise<ChromiumSession & { server: FakeGmailServer }> {
  const server = await startFakeGmailServer({}, sites);
  const rules = Object.keys(sites)
    .map((h) => `MAP ${h} 127.0.0.1:${server.httpsPort}`)
    .join(',');
  try {
    const s = await launchChromium({
      ...opts,
      // The local server's certificate is self-signed; only these loopback-mapped names are served.
      args: [...(opts.args ?? []), `--host-resolver-rules=${rules}`, '--ignore-certificate-errors'],
    });
    return {
      ...s,
      server,
      close: async () => {
        await s.close();
        await server.close();
      },
    };
  } catch (e) {
    await server.close();
    throw e;
  }
}
