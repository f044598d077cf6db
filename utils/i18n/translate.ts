/**
 * Every visible string comes from public/_locales (zh_TW default, en). Extension pages and content
 * scripts call `t`; unit tests build a translator from the messages.json files themselves, so a
 * missing key shows up there too.
 */

import { browser } from 'wxt/browser';
import type { MessageKey } from './keys.generated';

export type { MessageKey };

/** `cert-expiring` → `cert_expiring`, typed, so a key built from a code is checked like a literal one. */
export type Snake<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : S;
export const snake = <S extends string>(s: S): Snake<S> => s.replace(/-/g, '_') as Snake<S>;
export type Substitutions = string | number | ReadonlyArray<string | number>;
/** Keys are checked against public/_locales/en (keys.generated.ts): a misspelled key does not compile. */
export type Translate = (key: MessageKey, subs?: Substitutions) => string;

/** The browser's i18n (`wxt/browser`); absent where no extension runs (a unit test that gives none). */
const api = () => browser.i18n as typeof browser.i18n | undefined;

const toStrings = (subs?: Substitutions): string[] | undefined =>
  subs === undefined ? undefined : (Array.isArray(subs) ? subs : [subs]).map(String);

/** Missing keys show as `⟦key⟧` instead of an empty string, so they are seen and tests catch them. */
export const t: Translate = (key, subs) => {
  const msg = api()?.getMessage(key, toStrings(subs));
  return msg ? msg : `⟦${key}⟧`;
};

/** 'zh_TW' or 'en': the language the extension's own strings are shown in. */
export const uiLanguage = (): 'zh_TW' | 'en' => {
  const lang = api()?.getUILanguage?.() ?? (typeof navigator === 'undefined' ? 'zh-TW' : navigator.language);
  return /^en\b/i.test(lang) ? 'en' : 'zh_TW';
};

export interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** Chrome's substitution rules ($name$ placeholders mapping to $1..$9), for tests and for code outside the browser. */
export const createTranslator =
  (messages: Record<string, LocaleEntry>) =>
  (key: string, subs?: Substitutions): string => {
    const entry = messages[key];
    if (!entry) return `⟦${key}⟧`;
    const args = toStrings(subs) ?? [];
    const positional = (s: string) => s.replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? '');
    return entry.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name: string) => {
        const ph = entry.placeholders?.[name.toLowerCase()] ?? entry.placeholders?.[name];
        return ph ? positional(ph.content) : '';
      })
      .replace(/\$\$/g, '$');
  };
