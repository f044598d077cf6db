// @vitest-environment happy-dom
// The options and report pages before their first read ends: the title and what they wait for, never
// an empty page. A browser that has just started can take seconds to hand over the organisation's
// policy; the history database opens after the page. happy-dom has no IndexedDB, so the report's
// History.open is held by a spy (the real database: tests/e2e/report.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { browser } from 'wxt/browser';
import { localeMessages, useLocale, type Lang } from '../support/i18n/locale';
import { mountInBody } from '../support/ui-mount';
import { OptionsApp } from '@/entrypoints/options/App';
import { App as ReportApp } from '@/entrypoints/report/App';
import { History } from '@/utils/history/store';

// The build's constants (wxt.config.ts `define`), which no unit build replaces.
vi.hoisted(() =>
  Object.assign(globalThis, { __M2K_HELPER_DOWNLOAD_URL__: 'https://example.invalid/', __M2K_PRIVACY_URL__: 'https://example.invalid/' }),
);

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/** storage.sync empty, and storage.managed answering only when `release` is called. */
function storageWithSlowPolicy() {
  let release = () => {};
  const policy = new Promise<Record<string, unknown>>((resolve) => (release = () => resolve({})));
  Object.assign(browser, {
    storage: {
      sync: { get: async () => ({}), set: async () => {} },
      managed: { get: () => policy },
      onChanged: { addListener: () => {}, removeListener: () => {} },
    },
  });
  return () => release();
}

/** The page as it stands while it reads: busy, its title, and the line that says what it reads. */
function expectReading(root: HTMLElement, lang: Lang, title: string, reading: string, testId: string) {
  const m = localeMessages(lang);
  expect(root.querySelector('main')?.getAttribute('aria-busy')).toBe('true');
  expect(root.querySelector('h1')?.textContent).toBe(m[title]!.message);
  expect(root.querySelector(`[data-testid="${testId}"]`)?.textContent).toBe(m[reading]!.message);
}

describe('options page while the settings are read', () => {
  for (const lang of ['zh_TW', 'en'] as const) {
    it(`shows its title and that it is reading (${lang}), then the form`, async () => {
      useLocale(lang);
      const release = storageWithSlowPolicy();
      const root = await mountInBody(<OptionsApp />);
      expectReading(root, lang, 'opt_title', 'opt_loading', 'm2k-opt-loading');
      expect(root.querySelector('[data-testid="m2k-opt-address"]')).toBeNull();

      await act(async () => release());
      await act(async () => {});
      expect(root.querySelector('[data-testid="m2k-opt-loading"]')).toBeNull();
      expect(root.querySelector('[data-testid="m2k-opt-address"]')).not.toBeNull();
      expect(root.querySelector('main')?.hasAttribute('aria-busy')).toBe(false);
    });
  }
});

describe('report page while the history is opened', () => {
  for (const lang of ['zh_TW', 'en'] as const) {
    it(`shows its title and that it is reading (${lang}), then what became of it`, async () => {
      useLocale(lang);
      let fail = (_: Error) => {};
      vi.spyOn(History, 'open').mockReturnValue(new Promise((_, reject) => (fail = reject)));
      const root = await mountInBody(<ReportApp />);
      expectReading(root, lang, 'report_title', 'report_loading', 'm2k-report-loading');

      await act(async () => fail(new DOMException('blocked', 'UnknownError')));
      await act(async () => {});
      expect(root.querySelector('[data-testid="m2k-report-loading"]')).toBeNull();
      expect(root.querySelector('[data-testid="m2k-report-notice"]')?.getAttribute('data-kind')).toBe('error');
    });
  }
});
