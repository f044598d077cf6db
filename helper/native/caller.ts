/**
 * Who started us. Chromium-family browsers pass the caller's origin (`chrome-extension://ID/`,
 * plus `--parent-window=N` on Windows); Firefox passes the manifest path and the add-on id. Any
 * other argument list means a person ran the command line.
 */
import { CHROME_EXTENSION_ID, GECKO_ID } from '@/contract/ids';
import type { Config } from '../config';

export type Caller = { browser: 'chromium'; origin: string } | { browser: 'firefox'; manifestPath: string; addonId: string };

export function callerFromArgs(args: readonly string[]): Caller | undefined {
  const [first, second] = args;
  if (first?.startsWith('chrome-extension://')) return { browser: 'chromium', origin: first };
  // Firefox: an absolute manifest path ending in .json, then the add-on id (never an option).
  if (first && second && /\.json$/i.test(first) && /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(first) && !second.startsWith('-')) {
    return { browser: 'firefox', manifestPath: first, addonId: second };
  }
  return undefined;
}

/** The pinned ids always; extra ids only when install wrote them into the config (development). */
export function isCallerAllowed(caller: Caller, config: Pick<Config, 'extensionIds' | 'addonIds'>): boolean {
  if (caller.browser === 'chromium') {
    const ids = [CHROME_EXTENSION_ID, ...config.extensionIds];
    return ids.some((id) => caller.origin === `chrome-extension://${id}/`);
  }
  return [GECKO_ID, ...config.addonIds].includes(caller.addonId);
}

export function describeCaller(caller: Caller): string {
  return caller.browser === 'chromium' ? caller.origin : `firefox add-on ${caller.addonId}`;
}
