/** A finding's title, cause and fix in the reader's language (zod-free: the notes and the panel show them). */
import { snake, type Translate } from '../i18n/translate';
import type { FindingCode } from './schema';

/** The i18n keys of a finding's texts: audit_<code>_title / _cause / _fix (hyphens → underscores). */
export const findingKeys = <C extends FindingCode>(code: C) => {
  const base = `audit_${snake(code)}` as const;
  return { title: `${base}_title`, cause: `${base}_cause`, fix: `${base}_fix` } as const;
};

export interface FindingTextContext {
  /** The Mail2000 server (profile.host). */
  host: string;
  /** The label the profile suggests. */
  label: string;
  /** The announced stop, as a month in the reader's language ("January 2027"). */
  month: string;
}

/** Title, cause and fix of a finding in the extension's language. */
export function findingTexts(code: FindingCode, t: Translate, ctx: FindingTextContext): { title: string; cause: string; fix: string } {
  const k = findingKeys(code);
  const sub =
    code === 'dns' || code === 'network' ? ctx.host : code === 'no-label' ? ctx.label : code === 'pop-retiring' ? ctx.month : undefined;
  return { title: t(k.title), cause: t(k.cause, sub), fix: t(k.fix, sub) };
}
