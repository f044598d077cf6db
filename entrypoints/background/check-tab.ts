/**
 * One tab per page of ours that other pages open: the connection check from the Gmail panel
 * (`probe:open`, the popup page in a tab, since a content script cannot open the toolbar popup)
 * and "Find my server" for an address (`find:open`, the options page at `#find=<address>`). A
 * page already open is focused instead of a new tab each time, and given the new fragment.
 * Without the `tabs` permission the background cannot search tabs by URL, but it can list its own
 * pages (runtime.getContexts); where a browser lacks that, it remembers the id of the tab it
 * opened. Free of browser globals, so it is unit-tested.
 */
import type { KeyValueArea } from './setup-intent';

export const CHECK_TAB_KEY = 'm2k:checkTab';
export const OPTIONS_TAB_KEY = 'm2k:optionsTab';

export interface TabPlace {
  tabId: number;
  windowId?: number;
  /** What the tab shows, where the browser says (runtime.getContexts). */
  url?: string;
}

export interface CheckTabApi {
  /** Tabs showing the page `url` (whatever its fragment) among this extension's pages; undefined where the browser cannot say. */
  ourTabs?(url: string): Promise<TabPlace[]>;
  /** The tab, or null when it is gone (tabs.get rejects for a closed tab). */
  get(tabId: number): Promise<TabPlace | null>;
  create(url: string): Promise<TabPlace>;
  /**
   * tabs.update(tabId, { active: true }) and windows.update(windowId, { focused: true }); with
   * `url`, the tab also goes there (a new fragment of the same page: no reload).
   */
  focus(place: TabPlace, url?: string): Promise<void>;
}

/** The page a URL shows: without its fragment. */
export const pageOf = (url: string): string => url.split('#')[0]!;

/** Focuses the tab that shows `url`'s page (moving it to `url`'s fragment, if any), or opens one; `key` remembers it. */
export async function openOrFocusPage(api: CheckTabApi, area: KeyValueArea, key: string, url: string): Promise<'focused' | 'opened'> {
  let existing: TabPlace | null | undefined;
  const listed = await api.ourTabs?.(pageOf(url)).catch(() => undefined);
  if (listed) existing = listed[0] ?? null;
  else {
    const remembered = (await area.get(key))[key];
    if (typeof remembered === 'number') existing = await api.get(remembered).catch(() => null);
  }
  if (existing) {
    try {
      // A new fragment only: the same URL again would load the page again.
      await api.focus(existing, url === pageOf(url) || url === existing.url ? undefined : url);
      return 'focused';
    } catch {
      // Closed in the meantime: open a new one below.
    }
  }
  const tab = await api.create(url);
  await area.set({ [key]: tab.tabId });
  return 'opened';
}
