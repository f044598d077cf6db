/**
 * Reads one document of the webmail by meaning (utils/mail2000/labels.ts), never by ids, classes or
 * field names: is it the login form, a page asking for the personal security code, the
 * auto-forward settings (which controls are the switch, the targets, keep a copy, the time limit,
 * the save button), a page saying the settings were saved, or a menu with the way there? Reads the
 * values of the forward settings' own fields and nothing else: never a password or a code (their
 * fields are found by type and words and never read), never mail.
 */
import {
  FORWARD_FIELD_WORDS,
  FORWARD_MENU,
  FORWARD_MENU_PARENTS,
  FORWARD_PAGE_WORDS,
  LOGIN_WORDS,
  SAVE_BUTTONS,
  SAVED_WORDS,
  SWITCH_WORDS,
} from '@/utils/mail2000/labels';
import { controlsIn, findButton, kindOf, namingsOf, type Control, type WordGroups } from '@/utils/page/fields';
import { saysWords, textMatches, visibleText } from '@/utils/page/text';
import { addressProblem } from '@/utils/forward/address';

/** An on/off setting: one checkbox, or a pair of radio buttons. */
export type Switch = { kind: 'checkbox'; el: HTMLInputElement } | { kind: 'radios'; on: HTMLInputElement; off: HTMLInputElement };

export interface ForwardPage {
  doc: Document;
  /** The form that holds the settings (the document when there is none). */
  scope: ParentNode;
  enable: Switch | null;
  /** Where forwarding addresses go: one or more boxes, or one text area with a list. */
  targets: Array<HTMLInputElement | HTMLTextAreaElement>;
  keepCopy: Switch | null;
  /** 限期轉寄: on means forwarding ends on the date in `endDates`. */
  limit: Switch | null;
  endDates: Control[];
  /** A security code or password the page asks for before it saves: only the person types it. */
  code: HTMLInputElement | null;
  save: HTMLElement | null;
}

const NAMING = { rows: true } as const;

const names = (c: Control): string[] => namingsOf(c, NAMING).map((n) => n.text);
const says = (c: Control, words: WordGroups, unless?: WordGroups): boolean =>
  names(c).some((t) => saysWords(t, words) && !(unless && saysWords(t, unless)));
/** A radio's own words (its label, the text beside it), not its row's. */
const ownText = (c: Control): string =>
  namingsOf(c)
    .filter((n) => n.via !== 'cell')
    .map((n) => n.text)
    .join(' ');

/** The switch `words` name: a checkbox, else a radio group whose two buttons say on and off. */
function findSwitch(controls: Control[], words: WordGroups, unless?: WordGroups): Switch | null {
  const boxes = controls.filter((c) => kindOf(c) === 'checkbox' && says(c, words, unless)) as HTMLInputElement[];
  if (boxes.length === 1) return { kind: 'checkbox', el: boxes[0]! };
  if (boxes.length > 1) return null;
  const radios = controls.filter((c) => kindOf(c) === 'radio' && (says(c, words) || (unless && says(c, unless)))) as HTMLInputElement[];
  const groups = new Map<string, HTMLInputElement[]>();
  for (const r of radios) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  const found: Switch[] = [];
  for (const group of groups.values()) {
    // Off first: 「不保留」 holds 「保留」 too.
    const off = group.filter((r) => saysWords(ownText(r), SWITCH_WORDS.off));
    const on = group.filter((r) => !off.includes(r) && saysWords(ownText(r), SWITCH_WORDS.on));
    if (on.length === 1 && off.length === 1) found.push({ kind: 'radios', on: on[0]!, off: off[0]! });
  }
  return found.length === 1 ? found[0]! : null;
}

export const switchState = (s: Switch | null): boolean | null =>
  !s ? null : s.kind === 'checkbox' ? s.el.checked : s.on.checked ? true : s.off.checked ? false : null;

const docText = (doc: Document): string => visibleText(doc.body ?? doc.documentElement);

/** The auto-forward settings in `doc`, or null when the page does not show them. */
export function readForwardPage(doc: Document): ForwardPage | null {
  const all = controlsIn(doc);
  const targets = all.filter((c) => (kindOf(c) === 'text' || kindOf(c) === 'textarea') && says(c, FORWARD_FIELD_WORDS.target)) as Array<
    HTMLInputElement | HTMLTextAreaElement
  >;
  if (!targets.length) return null;
  const form = targets[0]!.closest('form');
  const scope: ParentNode = form ?? doc;
  const controls = form ? all.filter((c) => form.contains(c)) : all;
  const enable = findSwitch(controls, FORWARD_FIELD_WORDS.enable, FORWARD_FIELD_WORDS.enableUnless);
  const keepCopy = findSwitch(controls, FORWARD_FIELD_WORDS.keepCopy, FORWARD_FIELD_WORDS.keepCopyUnless);
  const limit = findSwitch(controls, FORWARD_FIELD_WORDS.limit);
  // The page must say what it is, by a switch of its own or by its words: an address box alone is not enough.
  if (!enable && !keepCopy && !limit && !saysWords(docText(doc), FORWARD_PAGE_WORDS)) return null;
  const limitRow = limit ? (limit.kind === 'checkbox' ? limit.el : limit.on).closest('tr') : null;
  const endDates = controls.filter(
    (c) =>
      !targets.includes(c as HTMLInputElement) &&
      (kindOf(c) === 'text' || kindOf(c) === 'select') &&
      ((limitRow && limitRow.contains(c)) || says(c, FORWARD_FIELD_WORDS.limit)),
  );
  const passwords = controls.filter((c) => kindOf(c) === 'password') as HTMLInputElement[];
  const code = passwords.find((c) => says(c, FORWARD_FIELD_WORDS.code)) ?? passwords[0] ?? null;
  return { doc, scope, enable, targets, keepCopy, limit, endDates, code, save: saveButton(scope, doc) };
}

/** The form's save button: the first tier of words that names exactly one button. */
function saveButton(scope: ParentNode, doc: Document): HTMLElement | null {
  for (const words of SAVE_BUTTONS) {
    const b = findButton(scope, words) ?? (scope === doc ? null : findButton(doc, words));
    if (b) return b;
  }
  return null;
}

/** The login form's password field (found, never read), or null when `doc` is not a login page. */
export function loginPassword(doc: Document): HTMLInputElement | null {
  const controls = controlsIn(doc);
  const passwords = controls.filter((c) => kindOf(c) === 'password') as HTMLInputElement[];
  if (passwords.length !== 1 || says(passwords[0]!, FORWARD_FIELD_WORDS.code)) return null;
  const texts = controls.filter((c) => kindOf(c) === 'text');
  // One user box and one password box (a captcha box may sit beside them), or a user box its words name.
  const user = texts.filter((c) => says(c, LOGIN_WORDS));
  return (texts.length >= 1 && texts.length <= 2) || user.length === 1 ? passwords[0]! : null;
}

/** A page (other than the forward form) that asks for the personal security code before going on. */
export function codeField(doc: Document): HTMLInputElement | null {
  const fields = controlsIn(doc).filter((c) => (kindOf(c) === 'password' || kindOf(c) === 'text') && says(c, FORWARD_FIELD_WORDS.code));
  return fields.length === 1 ? (fields[0] as HTMLInputElement) : null;
}

/** Does the page say its settings were saved (and show no form to fill)? */
export const saysSaved = (doc: Document): boolean => controlsIn(doc).length === 0 && saysWords(docText(doc), SAVED_WORDS);

/** Links of the webmail's menus that lead to the forward page (`entry`), or to the menu holding it (`parent`). */
export function menuLinks(doc: Document): { entry: HTMLElement[]; parent: HTMLElement[] } {
  // Links and menu items only: never a button or a form's submit, which could change something.
  const links = Array.from(doc.querySelectorAll<HTMLElement>('a[href], [role="link"], [role="menuitem"], [role="treeitem"]'));
  const text = (e: HTMLElement): string => visibleText(e) || e.getAttribute('title') || e.getAttribute('aria-label') || '';
  return {
    entry: links.filter((e) => textMatches(text(e), FORWARD_MENU)),
    parent: links.filter((e) => textMatches(text(e), FORWARD_MENU_PARENTS)),
  };
}

/** A date as the page shows it (2026-12-20, 2026/12/20, 115/12/20 in the ROC calendar, 2026年12月20日), or null. */
export function parseDay(text: string): string | null {
  const m = /(\d{2,4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(text);
  if (!m) return null;
  let y = Number(m[1]);
  // Taiwanese pages may count years from 1912 (民國 115 = 2026).
  if (y < 1000) y += 1911;
  const day = `${y}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day ? null : day;
}

/** The end date the page's time-limit fields hold: one date box, the last of two, or year/month/day selects. */
function endDateOf(fields: Control[]): string | null {
  const boxes = fields.filter((c) => kindOf(c) === 'text').map((c) => c.value.trim());
  const dated = boxes.map(parseDay).filter((d): d is string => d !== null);
  if (dated.length) return dated[dated.length - 1]!;
  const selects = fields.filter((c) => kindOf(c) === 'select') as HTMLSelectElement[];
  return selects.length === 3 ? parseDay(selects.map((s) => s.value).join('-')) : null;
}

/** The addresses a target field holds (a list box may hold several, one a line or comma-separated). */
export const addressesIn = (field: HTMLInputElement | HTMLTextAreaElement): string[] =>
  field.value
    .split(/[\s,;，；、]+/)
    .map((a) => a.trim())
    .filter((a) => a && !addressProblem(a));

interface ForwardSettings {
  enabled: boolean | null;
  targets: string[];
  keepCopy: boolean | null;
  endDate: string | null;
}

/** What the forward page holds now. */
export function readSettings(page: ForwardPage): ForwardSettings {
  const limited = switchState(page.limit);
  return {
    enabled: switchState(page.enable),
    targets: [...new Set(page.targets.flatMap(addressesIn))],
    keepCopy: switchState(page.keepCopy),
    endDate: limited === false ? null : endDateOf(page.endDates),
  };
}
