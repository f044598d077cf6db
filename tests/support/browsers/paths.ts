/** Where the built extension is: each working copy (and CI) may build into its own folder through M2K_OUT. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export const outDir = (): string => resolve(REPO_ROOT, process.env.M2K_OUT ?? '.output');
export const chromeExtDir = (): string => resolve(outDir(), 'chrome-mv3');
export const firefoxExtDir = (): string => resolve(outDir(), 'firefox-mv3');

/**
 * The test build whose forwarding-test feed watch is shortened at build time (every 1 s, at most
 * 12 s: `npm run build:watch-test`); only the forwarding test's e2e loads it.
 */
const watchTestOut = (): string => resolve(REPO_ROOT, `${process.env.M2K_OUT ?? '.output'}-watch-test`);
export const watchTestExtDir = (browser: 'chrome' | 'firefox'): string => resolve(watchTestOut(), `${browser}-mv3`);

/** Temp folders live under tests/.tmp (git-ignored) unless the OS temp dir is asked for. */
export const TMP_ROOT = resolve(REPO_ROOT, 'tests/.tmp');
