/**
 * The command line's language: Traditional Chinese when the terminal's locale says so, English
 * otherwise; `--lang` overrides. POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG.
 */
export type Lang = 'zh-TW' | 'en';

export function detectLang(env: Readonly<Record<string, string | undefined>>, systemLocale?: string): Lang {
  // `systemLocale` (the runtime's Intl locale) counts only when the environment names none, as
  // for a program double-clicked on Windows or macOS; `C`/`POSIX` name none either.
  const named = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const locale = named && !/^(?:C|POSIX)(?:\.|$)/i.test(named) ? named : systemLocale || named;
  return /^zh[_-](?:TW|Hant|HK|MO)(?![a-z])/i.test(locale) ? 'zh-TW' : 'en';
}

/** Accepts zh-TW, zh_TW, zh-Hant, en (any case); undefined for anything else. */
export function parseLang(value: string): Lang | undefined {
  if (/^zh[_-](?:tw|hant)$/i.test(value)) return 'zh-TW';
  if (/^en(?:[_-][a-z]{2})?$/i.test(value)) return 'en';
  return undefined;
}

/** Terminal columns a string takes: East Asian wide and fullwidth characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}
