/**
 * Pages of the extension as they would run on another system or after another kind of install:
 * Chromium here runs on Linux with the extension loaded unpacked (installType `development`), so an
 * init script makes runtime.getPlatformInfo answer what a Windows or macOS browser would, and
 * management.getSelf what a store (`normal`) or policy (`admin`) install says. Only these two
 * answers change; everything else is the real extension.
 */
import type { Page } from 'playwright-core';

export async function fakeBrowserAnswers(page: Page, platform?: { os: string; arch: string }, installType?: string): Promise<void> {
  await page.addInitScript(
    ([p, kind]) => {
      type Api = { runtime: { getPlatformInfo?: unknown }; management?: { getSelf?: unknown } };
      const c = (globalThis as unknown as { chrome: Api }).chrome;
      const answer = (value: unknown) => (cb?: (x: unknown) => void) => {
        if (cb) cb(value);
        return Promise.resolve(value);
      };
      if (p) c.runtime.getPlatformInfo = answer({ ...p, nacl_arch: p.arch });
      if (kind) {
        c.management ??= {};
        c.management.getSelf = answer({ id: 'self', installType: kind });
      }
    },
    [platform ?? null, installType ?? null] as const,
  );
}
