// `probe:open` and `find:open` from the Gmail panel: one connection-check tab and one options tab,
// focused again instead of a new tab per press. The browser side (runtime.getContexts, tabs,
// windows) is a stand-in here; in real Chromium: tests/e2e/popup-missing.test.ts and
// tests/e2e/find-open.test.ts.
import { describe, expect, it } from 'vitest';
import {
  CHECK_TAB_KEY,
  OPTIONS_TAB_KEY,
  openOrFocusPage,
  pageOf,
  type CheckTabApi,
  type TabPlace,
} from '@/entrypoints/background/check-tab';
import { memoryArea } from '../support/storage';

const URL_ = 'chrome-extension://ext/popup.html';

/** Tabs the stand-in browser has open, by id, and what was done to them. */
const browserWith = (withContexts: boolean) => {
  const tabs = new Map<number, string>();
  let next = 10;
  const log: string[] = [];
  const api: CheckTabApi = {
    ...(withContexts
      ? { ourTabs: async (page: string) => [...tabs].filter(([, u]) => pageOf(u) === page).map(([tabId]) => ({ tabId, windowId: 1 })) }
      : {}),
    get: async (id) => (tabs.has(id) ? { tabId: id, windowId: 1 } : Promise.reject(new Error(`No tab with id: ${id}.`))),
    create: async (url) => {
      const id = next++;
      tabs.set(id, url);
      log.push(`create ${id}`);
      return { tabId: id, windowId: 1 };
    },
    focus: async (p: TabPlace, url?: string) => {
      if (!tabs.has(p.tabId)) throw new Error('gone');
      if (url) tabs.set(p.tabId, url);
      log.push(`focus ${p.tabId}${url ? ` ${url}` : ''}`);
    },
  };
  return { api, tabs, log };
};

describe('the connection-check tab', () => {
  for (const withContexts of [true, false]) {
    it(`is opened once and focused on every later press (${withContexts ? 'runtime.getContexts' : 'the remembered tab id'})`, async () => {
      const b = browserWith(withContexts);
      const area = memoryArea();
      expect(await openOrFocusPage(b.api, area, CHECK_TAB_KEY, URL_)).toBe('opened');
      for (let i = 0; i < 5; i++) expect(await openOrFocusPage(b.api, area, CHECK_TAB_KEY, URL_)).toBe('focused');
      expect(b.log).toEqual(['create 10', 'focus 10', 'focus 10', 'focus 10', 'focus 10', 'focus 10']);
      expect(b.tabs.size).toBe(1);
      // Closed by the person: the next press opens it again.
      b.tabs.delete(10);
      expect(await openOrFocusPage(b.api, area, CHECK_TAB_KEY, URL_)).toBe('opened');
      expect(area.data.get(CHECK_TAB_KEY)).toBe(11);
    });
  }

  it('with getContexts, a check tab the person opened by hand is found too', async () => {
    const b = browserWith(true);
    b.tabs.set(3, URL_);
    expect(await openOrFocusPage(b.api, memoryArea(), CHECK_TAB_KEY, URL_)).toBe('focused');
    expect(b.log).toEqual(['focus 3']);
  });
});

describe('the options tab of "Find my server"', () => {
  const OPTIONS = 'chrome-extension://ext/options.html';
  for (const withContexts of [true, false]) {
    it(`is opened once, then focused and moved to the new address (${withContexts ? 'runtime.getContexts' : 'the remembered tab id'})`, async () => {
      const b = browserWith(withContexts);
      const area = memoryArea();
      expect(await openOrFocusPage(b.api, area, OPTIONS_TAB_KEY, `${OPTIONS}#find=a%40x`)).toBe('opened');
      expect(await openOrFocusPage(b.api, area, OPTIONS_TAB_KEY, `${OPTIONS}#find=b%40x`)).toBe('focused');
      expect(b.log).toEqual(['create 10', `focus 10 ${OPTIONS}#find=b%40x`]);
      expect(b.tabs.size).toBe(1);
      expect(area.data.get(OPTIONS_TAB_KEY)).toBe(10);
    });
  }

  it('a tab already at that very address is focused without being sent there again (that would load it again)', async () => {
    const b = browserWith(true);
    b.api.ourTabs = async (page) => [...b.tabs].filter(([, u]) => pageOf(u) === page).map(([tabId, u]) => ({ tabId, windowId: 1, url: u }));
    b.tabs.set(5, `${OPTIONS}#find=a%40x`);
    expect(await openOrFocusPage(b.api, memoryArea(), OPTIONS_TAB_KEY, `${OPTIONS}#find=a%40x`)).toBe('focused');
    expect(b.log).toEqual(['focus 5']);
  });

  it('with getContexts, an options tab opened by hand (no fragment) is the one focused', async () => {
    const b = browserWith(true);
    b.tabs.set(4, OPTIONS);
    expect(await openOrFocusPage(b.api, memoryArea(), OPTIONS_TAB_KEY, `${OPTIONS}#find=a%40x`)).toBe('focused');
    expect(b.log).toEqual([`focus 4 ${OPTIONS}#find=a%40x`]);
  });
});
