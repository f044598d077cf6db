// @vitest-environment happy-dom
// "History cleared" appears only once the page shows the emptied history, never beside the records
// that were there. happy-dom has no IndexedDB, so History.open hands over a stand-in whose second
// read is held open; the real database and the same flow: tests/e2e/report.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { browser } from 'wxt/browser';
import { useLocale } from '../support/i18n/locale';
import { mountInBody } from '../support/ui-mount';
import { App as ReportApp } from '@/entrypoints/report/App';
import { History } from '@/utils/history/store';

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/** Two damaged records until cleared; the read after the clear waits for `release`. */
function historyWithSlowReread() {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let cleared = false;
  const stand = {
    rebuilt: false,
    list: async () => {
      if (!cleared) return { records: [], skipped: 2 };
      await held;
      return { records: [], skipped: 0 };
    },
    clear: async () => void (cleared = true),
  };
  Object.assign(browser, { runtime: { getManifest: () => ({ version: '0.0.0' }) } });
  vi.spyOn(History, 'open').mockResolvedValue(stand as unknown as History);
  return () => release();
}

const press = (root: HTMLElement, id: string) => act(async () => root.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!.click());

describe('report page: clearing the history', () => {
  it('says "cleared" only together with the emptied list', async () => {
    useLocale('en');
    const release = historyWithSlowReread();
    const root = await mountInBody(<ReportApp />);
    await act(async () => {});
    expect(root.querySelector('[data-testid="m2k-report-notice"]')?.getAttribute('data-kind')).toBe('skipped');

    await press(root, 'm2k-report-clear');
    await press(root, 'm2k-report-clear-confirm');
    // Cleared, but the page has not read the history again yet.
    expect(root.querySelector('[data-testid="m2k-report-clear-done"]')).toBeNull();

    await act(async () => release());
    await act(async () => {});
    expect(root.querySelector('[data-testid="m2k-report-clear-done"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="m2k-report-notice"]')).toBeNull();
    expect(root.querySelector<HTMLButtonElement>('[data-testid="m2k-report-clear"]')?.disabled).toBe(true);
  });
});
