import type { BrowserContext } from 'playwright-core';
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
