// `probe:open` from the Gmail panel: one connection-check tab, focused again instead of a new tab per
// press. The browser side (runtime.getContexts, tabs, windows) is a stand-in here; in real Chromium:
// tests/e2e/popup-missing.test.ts.
import { describe, expect, it } from 'vitest';
import { CHECK_TAB_KEY, openOrFocusCheck, type CheckTabApi, type TabPlace } from '@/entrypoints/background/check-tab';
import { memoryArea } from '../support/background/memory-area';

const URL_ = 'chrome-extension://ext/popup.html';

/** Tabs the stand-in browser has open, by id, and what was done to them. */
const browserWith = (withContexts: boolean) => {
  const tabs = new Map<number, string>();
  let next = 10;
  const log: string[] = [];
  const api: CheckTabApi = {
    ...(withContexts
      ? { ourTabs: async (url: string) => [...tabs].filter(([, u]) => u === url).map(([tabId]) => ({ tabId, windowId: 1 })) }
      : {}),
    get: async (id) => (tabs.has(id) ? { tabId: id, windowId: 1 } : Promise.reject(new Error(`No tab with id: ${id}.`))),
    create: async (url) => {
      const id = next++;
      tabs.set(id, url);
      log.push(`create ${id}`);
      return { tabId: id, windowId: 1 };
    },
    focus: async (p: TabPlace) => {
      if (!tabs.has(p.tabId)) throw new Error('gone');
      log.push(`focus ${p.tabId}`);
    },
  };
  return { api, tabs, log };
};

describe('the connection-check tab', () => {
  for (const withContexts of [true, false]) {
    it(`is opened once and focused on every later press (${withContexts ? 'runtime.getContexts' : 'the remembered tab id'})`, async () => {
      const b = browserWith(withContexts);
      const area = memoryArea();
      expect(await openOrFocusCheck(b.api, area, URL_)).toBe('opened');
      for (let i = 0; i < 5; i++) expect(await openOrFocusCheck(b.api, area, URL_)).toBe('focused');
      expect(b.log).toEqual(['create 10', 'focus 10', 'focus 10', 'focus 10', 'focus 10', 'focus 10']);
      expect(b.tabs.size).toBe(1);
      // Closed by the person: the next press opens it again.
      b.tabs.delete(10);
      expect(await openOrFocusCheck(b.api, area, URL_)).toBe('opened');
      expect(area.data.get(CHECK_TAB_KEY)).toBe(11);
    });
  }

  it('with getContexts, a check tab the person opened by hand is found too', async () => {
    const b = browserWith(true);
    b.tabs.set(3, URL_);
    expect(await openOrFocusCheck(b.api, memoryArea(), URL_)).toBe('focused');
    expect(b.log).toEqual(['focus 3']);
  });
});
