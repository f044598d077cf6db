/**
 * What the content script does on a Gmail page: follows the route and starts the settings code
 * (gmail-settings.js, loaded on first use) where it is needed:
 *  - on Settings › Accounts and Import, the panel, stopped again when the person leaves the route;
 *  - in a window that Gmail's page opened (window.opener is set: the "Add a mail account" and
 *    "edit info" windows, but also compose pop-outs), the wizard helper, which decides from the
 *    page and from the background whether it has anything to do (wizard/start.ts).
 * Anywhere else it costs one hashchange and one popstate listener: no observer, no timer, no file
 * loaded. Everything is tied to ctx.signal so an extension update or reload leaves nothing behind.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SettingsChunk } from '@/utils/gmail/settings-chunk';
import { isSettingsAccounts } from '@/utils/gmail/route';

export function followGmail(
  ctx: ContentScriptContext,
  load: () => Promise<SettingsChunk>,
  log: (line: string) => void = console.warn,
): void {
  const failed = (e: unknown): void => log(`m2k: the settings code did not load: ${(e as Error)?.message ?? String(e)}`);
  if (window.opener) {
    load().then((chunk) => (ctx.signal.aborted ? undefined : chunk.startWizard(ctx)), failed);
  }
  let stop: (() => void) | null = null;
  let starting = false;
  const follow = (): void => {
    const here = isSettingsAccounts(location.href);
    if (here && !stop && !starting && !ctx.signal.aborted) {
      starting = true;
      load().then(
        (chunk) => {
          starting = false;
          // The person may have left the route (or the extension stopped) while the file loaded.
          if (!stop && !ctx.signal.aborted && isSettingsAccounts(location.href)) stop = chunk.startPanel();
        },
        (e: unknown) => {
          starting = false;
          failed(e);
        },
      );
    } else if (!here && stop) {
      stop();
      stop = null;
    }
  };
  window.addEventListener('hashchange', follow, { signal: ctx.signal });
  window.addEventListener('popstate', follow, { signal: ctx.signal });
  ctx.signal.addEventListener('abort', () => {
    stop?.();
    stop = null;
  });
  follow();
}
