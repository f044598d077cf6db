/**
 * Windows registration: browsers find the host manifest through a per-user registry key whose
 * default value is the manifest's path. Kept as pure functions that produce `reg` argument
 * lists, so the commands are tested on any platform and executed only on Windows.
 */
import { windowsRegistryKey, type Browser } from './paths';

export function regAddArgs(browser: Browser, manifestPath: string): string[] {
  return ['add', windowsRegistryKey(browser), '/ve', '/t', 'REG_SZ', '/d', manifestPath, '/f'];
}

export function regDeleteArgs(key: string): string[] {
  return ['delete', key, '/f'];
}

export function regQueryArgs(key: string): string[] {
  return ['query', key, '/ve'];
}

/** Reads the default value out of `reg query KEY /ve` output (`(Default)    REG_SZ    C:\...`). */
export function parseRegQuery(stdout: string): string | undefined {
  const m = /REG_SZ\s+(.+?)\s*$/m.exec(stdout);
  return m?.[1];
}
