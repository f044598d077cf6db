/**
 * The extension's own locale files (public/_locales) for tests: the messages, a translator over
 * them, and, for components rendered in happy-dom, a stand-in `i18n` on the unit tests' browser
 * (tests/support/browser-global.ts) so `t()` reads them (no extension runs in a unit test). A key missing from a language shows as missing, as in the browser.
 */
import { readFileSync } from 'node:fs';
import { browser } from 'wxt/browser';
import { createTranslator, type LocaleEntry } from '@/utils/i18n/translate';

export type Lang = 'en' | 'zh_TW';

export const localeMessages = (lang: Lang) =>
  JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<string, LocaleEntry>;

/** A `t` for `lang` with the browser's substitution rules, to pass where code takes a translator. */
export const translator = (lang: Lang) => createTranslator(localeMessages(lang));

/** Makes `t()` answer in `lang`, with `uiLanguage()` agreeing. */
export function useLocale(lang: Lang): void {
  const messages = localeMessages(lang);
  const tr = createTranslator(messages);
  Object.assign(browser, {
    i18n: {
      getMessage: (k: string, s?: string[]) => (messages[k] ? tr(k, s) : ''),
      getUILanguage: () => (lang === 'en' ? 'en' : 'zh-TW'),
    },
  });
}
