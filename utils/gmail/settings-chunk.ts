/**
 * What Gmail's settings need (the panel on Accounts and Import, the helper in the "Add a mail
 * account" window) is a file of its own, `gmail-settings.js`, that the content script loads only
 * where it is needed: every other Gmail page loads the small route follower and nothing else
 * (docs/architecture.md, "Budgets"). The file is a web-accessible resource for mail.google.com
 * only; imported from the content script it runs in the content script's own isolated world and
 * hands its entry points over on a symbol of that world's global, which Gmail's page cannot see.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export const SETTINGS_CHUNK_FILE = 'gmail-settings.js';
const KEY = Symbol.for('m2k.gmail-settings');

export interface SettingsChunk {
  /** Runs the Accounts and Import panel until the returned function stops it. */
  startPanel(): () => void;
  /**
   * The helper for a window that Gmail's page opened (window.open): fills a wizard step when the
   * background has bound the panel's setup to this tab, offers to fill otherwise, and does
   * nothing on a page that is neither a wizard step nor a bound setup's window.
   */
  startWizard(ctx: ContentScriptContext): Promise<void>;
}

type Global = Record<symbol, SettingsChunk | undefined>;

/** Called once by gmail-settings.js when it runs. */
export const publishSettingsChunk = (chunk: SettingsChunk): void => {
  (globalThis as unknown as Global)[KEY] = chunk;
};

/** Loads gmail-settings.js (once per page) and returns its entry points. */
export async function loadSettingsChunk(getURL: (path: `/${typeof SETTINGS_CHUNK_FILE}`) => string): Promise<SettingsChunk> {
  const loaded = (globalThis as unknown as Global)[KEY];
  if (loaded) return loaded;
  await import(/* @vite-ignore */ getURL(`/${SETTINGS_CHUNK_FILE}`));
  const chunk = (globalThis as unknown as Global)[KEY];
  if (!chunk) throw new Error(`${SETTINGS_CHUNK_FILE} loaded but did not hand over its entry points`);
  return chunk;
}
