/**
 * The companion program's config file: the allow-list of mail servers the native host may probe,
 * and (for development only) extra extension ids it accepts as callers. Written by
 * `m2k-probe install`, read by the host at start. Holds no secrets.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { AllowSpecSchema } from './native/allow';
import { MSI_MARKER, configPath, currentBase } from './install/paths';

export const ConfigSchema = z.object({
  version: z.literal(1),
  /** Allow specs (`HOST` or `HOST:PORT+PORT`), beyond the Mail2000 host which is always allowed. */
  allow: z._default(z.array(AllowSpecSchema).check(z.maxLength(50)), []),
  /** Extra Chromium extension ids (32 letters a-p), e.g. an unpacked build without the pinned key. */
  extensionIds: z._default(z.array(z.string().check(z.regex(/^[a-p]{32}$/))).check(z.maxLength(10)), []),
  /** Extra Firefox add-on ids. */
  addonIds: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(10)), []),
});
export type Config = z.infer<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Config = { version: 1, allow: [], extensionIds: [], addonIds: [] };

/**
 * The launcher sets M2K_PROBE_CONFIG. A program the Windows installer package put in place
 * (`programDir` holds its marker) reads config.json beside itself, where IT can put one for every
 * user. Otherwise (the standalone program's own install, or running from the repo) the per-user
 * install's config is used.
 */
export function resolveConfigPath(env: Readonly<Record<string, string | undefined>> = process.env, programDir?: string): string {
  if (env.M2K_PROBE_CONFIG) return env.M2K_PROBE_CONFIG;
  if (programDir && existsSync(path.join(programDir, MSI_MARKER))) return path.join(programDir, 'config.json');
  return configPath(currentBase(env));
}

export type LoadedConfig = { config: Config; path: string; problem?: string };

/** A missing file means the defaults; a broken one also means the defaults (the safe, narrow list), with the reason. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { config: DEFAULT_CONFIG, path: file, problem: code === 'ENOENT' ? undefined : `cannot read ${file}: ${code}` };
  }
  try {
    const parsed = ConfigSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { config: parsed.data, path: file };
    return { config: DEFAULT_CONFIG, path: file, problem: `invalid ${file}: ${parsed.error.issues[0]?.message ?? 'schema'}` };
  } catch {
    return { config: DEFAULT_CONFIG, path: file, problem: `invalid JSON in ${file}` };
  }
}
