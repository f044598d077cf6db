/**
 * The install command the popup shows when the helper needs an `--allow`, or in a developer build.
 * Kept apart from client.ts (which validates port messages with zod/mini) so the popup's
 * first frame does not need zod.
 */

export type Browser = 'chrome' | 'chromium' | 'edge' | 'brave' | 'firefox';

/** Which browser this is, for the install command (each keeps its native host manifests elsewhere). */
export const detectBrowser = (nav: { userAgent: string; userAgentData?: { brands?: Array<{ brand: string }> } }): Browser => {
  if (/Firefox\//.test(nav.userAgent)) return 'firefox';
  const brands = (nav.userAgentData?.brands ?? []).map((b) => b.brand);
  if (brands.includes('Microsoft Edge') || /Edg\//.test(nav.userAgent)) return 'edge';
  if (brands.includes('Brave')) return 'brave';
  if (brands.includes('Google Chrome')) return 'chrome';
  return 'chromium';
};

/** How a developer build (loaded from a checkout) runs the helper it was built with. */
export const DEV_PROGRAM = 'node dist/helper/m2k-probe.cjs';

/**
 * The one command that installs the helper for this browser, run by `program` (the downloaded
 * file, or DEV_PROGRAM). A host other than the Mail2000 default,
 * or ports other than the standard mail ports, must be allowed explicitly (the helper's allow-list:
 * `HOST` or `HOST:PORT+PORT`, IPv6 in brackets).
 */
export const installCommand = (
  program: string,
  browser: Browser,
  host: string,
  ports: readonly number[],
  defaults: { host: string; ports: readonly number[] },
): string => {
  const extra = [...new Set(ports.filter((p) => !defaults.ports.includes(p)))].sort((a, b) => a - b);
  const name = host.includes(':') ? `[${host}]` : host;
  const allow = host !== defaults.host || extra.length ? ` --allow ${name}${extra.length ? `:${extra.join('+')}` : ''}` : '';
  return `${program} install --browser ${browser}${allow}`;
};
