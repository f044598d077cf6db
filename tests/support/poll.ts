/**
 * Asks `fn` again every 150 ms until `ok` accepts its answer, for drivers without an auto-waiting
 * locator (puppeteer over WebDriver BiDi in Firefox). A throw counts as "not yet": the page may be
 * loading or navigating between steps. Throws with the last answer when `ms` runs out.
 */
export async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch {
      // The page is loading or navigating; ask again.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
