/**
 * A browser profile in which the person has already allowed the extension on some origins (an
 * optional host permission granted): the browsers' permission questions cannot be answered from
 * automation, so the tests write the grant where each browser keeps it, before it starts.
 *  - Chromium: the extension's entry in the profile's Preferences (its granted and active hosts),
 *    after one start that created it;
 *  - Firefox: extension-preferences.json, keyed by the add-on's id.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GECKO_ID } from '@/contract/ids';
import { launchChromium } from './chromium';

export async function grantInChromiumProfile(userDataDir: string, origins: string[]): Promise<void> {
  const s = await launchChromium({ userDataDir });
  const id = s.extensionId;
  await s.close();
  const file = join(userDataDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as {
    extensions: { settings: Record<string, Record<string, { explicit_host?: string[] }>> };
  };
  const entry = prefs.extensions.settings[id]!;
  for (const key of ['granted_permissions', 'active_permissions', 'runtime_granted_permissions']) {
    entry[key] ??= {};
    entry[key]!.explicit_host = [...new Set([...(entry[key]!.explicit_host ?? []), ...origins])];
  }
  writeFileSync(file, JSON.stringify(prefs));
}

export function grantInFirefoxProfile(profileDir: string, origins: string[]): void {
  writeFileSync(join(profileDir, 'extension-preferences.json'), JSON.stringify({ [GECKO_ID]: { permissions: [], origins } }));
}
