/**
 * The connection check opened from the Gmail panel (`probe:open`): one tab, focused again on the
 * next request instead of a new tab each time. Without the `tabs` permission the background cannot
 * search tabs by URL, but it can list its own pages (runtime.getContexts); where a browser lacks
 * that, it remembers the id of the tab it opened. Free of browser globals, so it is unit-tested.
 */
import type { KeyValueArea } from './setup-intent';

export const CHECK_TAB_KEY = 'm2k:checkTab';

export interface TabPlace {
  tabId: number;
  windowId?: number;
}

export interface CheckTabApi {
  /** Tabs showing exactly `url` among this extension's pages; undefined where the browser cannot say. */
  ourTabs?(url: string): Promise<TabPlace[]>;
  /** The tab, or null when it is gone (tabs.get rejects for a closed tab). */
  get(tabId: number): Promise<TabPlace | null>;
  create(url: string): Promise<TabPlace>;
  /** tabs.update(tabId, { active: true }) and windows.update(windowId, { focused: true }). */
  focus(place: TabPlace): Promise<void>;
}

export async function openOrFocusCheck(api: CheckTabApi, area: KeyValueArea, url: string): Promise<'focused' | 'opened'> {
  let existing: TabPlace | null | undefined;
  const listed = await api.ourTabs?.(url).catch(() => undefined);
  if (listed) existing = listed[0] ?? null;
  else {
    const remembered = (await area.get(CHECK_TAB_KEY))[CHECK_TAB_KEY];
    if (typeof remembered === 'number') existing = await api.get(remembered).catch(() => null);
  }
  if (existing) {
    try {
      await api.focus(existing);
      return 'focused';
    } catch {
      // Closed in the meantime: open a new one below.
    }
  }
  const tab = await api.create(url);
  await area.set({ [CHECK_TAB_KEY]: tab.tabId });
  return 'opened';
}
