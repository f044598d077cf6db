/**
 * Finds a page's controls by what a person sees, never by ids or classes (Gmail's are obfuscated
 * and change; Mail2000's are unknown). For each control we gather the texts that name it, each
 * with how it was found and how sure that makes us:
 *   `<label for>` 1.0 · wrapping `<label>` 0.95 · aria-label / aria-labelledby 0.9 ·
 *   the neighbouring table cell or the text right beside a checkbox 0.85 ·
 *   (where the caller asks for it) the first cell of the control's table row 0.8 ·
 * then structure (e.g. the only password input) 0.8, and for checkboxes whose texts are unreadable
 * their known order 0.6. A field is named by its distinctive words (WordGroups), not a whole phrase.
 * A control whose texts name two fields is taken by neither, and a field that two controls name is
 * missing: filling the wrong box is worse than filling none. Hidden controls (decoys) are not seen.
 */
import { saysWords, textMatches, visibleText } from './text';

/** A set of ways a page may word one thing, in any of the languages it is shown in. */
export type TextVariants = readonly string[];

/**
 * Groups of distinctive words, one group per way of saying a thing: a text names the thing when it
 * holds every word of one group (Latin words as whole words, Chinese words anywhere). Compared
 * after `normalizeText`, so full- and half-width punctuation and letters are the same.
 */
export type WordGroups = readonly (readonly string[])[];

export type FieldKind = 'text' | 'textarea' | 'password' | 'select' | 'checkbox' | 'radio';
export type Via = 'label-for' | 'label-wrap' | 'aria' | 'cell' | 'adjacent' | 'row' | 'structure' | 'order';

export const CONFIDENCE: Readonly<Record<Via, number>> = {
  'label-for': 1,
  'label-wrap': 0.95,
  aria: 0.9,
  cell: 0.85,
  adjacent: 0.85,
  row: 0.8,
  structure: 0.8,
  order: 0.6,
};
/** Below this a field counts as missing: filling the wrong box is worse than filling none. */
export const MIN_CONFIDENCE = 0.6;

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  words: WordGroups;
  /** Structural fallback, tried when no text names the field. */
  structure?: (candidates: Control[], scope: ParentNode) => Control[];
  /** A text that says one of these does not name the field ("不啟用" is not "啟用"). */
  unless?: WordGroups;
}

export interface Found {
  el: Control;
  via: Via;
  confidence: number;
}

/** A field not told apart: its words also name another field's control, or several controls. */
export interface Contest<K extends string> {
  key: K;
}

export interface LocateResult<K extends string> {
  fields: Partial<Record<K, Found>>;
  /** Fields that could not be identified with confidence, in the order they were asked for. */
  missing: K[];
  /** The missing fields that were not told apart from another field or control. */
  contested: Contest<K>[];
}

interface Naming {
  text: string;
  via: Via;
}

const CONTROLS = 'input, select, textarea';
const isControl = (e: Element): e is Control => e.tagName === 'INPUT' || e.tagName === 'SELECT' || e.tagName === 'TEXTAREA';

/** The kind of a control as the locator sees it; hidden inputs and buttons are not fields. */
export function kindOf(el: Control): FieldKind | null {
  if (el.tagName === 'SELECT') return 'select';
  if (el.tagName === 'TEXTAREA') return 'textarea';
  const type = (el.getAttribute('type') ?? 'text').toLowerCase();
  if (type === 'password') return 'password';
  if (type === 'checkbox') return 'checkbox';
  if (type === 'radio') return 'radio';
  if (['text', 'email', 'date', ''].includes(type)) return 'text';
  return null;
}

/**
 * Can a person see the control? Decoys are hidden by an attribute, an inline or computed style,
 * or a hidden ancestor; Gmail's own fields never are.
 */
export function isShown(el: Element): boolean {
  for (let e: Element | null = el; e; e = e.parentElement) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return false;
    const style = (e as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
  }
  // Style sheets too, where the browser can tell (it renders the wizard window: an unrendered
  // document, as in tests, says nothing here).
  const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
  if (typeof check === 'function' && el.ownerDocument.defaultView && el.isConnected && el.ownerDocument.body?.getClientRects().length) {
    return check.call(el, { visibilityProperty: true });
  }
  return true;
}

export function controlsIn(scope: ParentNode): Control[] {
  return Array.from(scope.querySelectorAll(CONTROLS))
    .filter(isControl)
    .filter((e) => kindOf(e) !== null && isShown(e));
}

const rootOf = (el: Element): ParentNode => (el.getRootNode() as ParentNode | null) ?? el.ownerDocument;

export interface NamingOptions {
  /**
   * Also the first cell of the control's table row, when the control is elsewhere in the row and
   * that cell holds no control: settings pages laid out as "label cell | controls" (Mail2000's).
   */
  rows?: boolean;
}

/** Every text that names `el`, with how it was found. */
export function namingsOf(el: Control, opts: NamingOptions = {}): Naming[] {
  const out: Naming[] = [];
  const root = rootOf(el);
  const id = el.getAttribute('id');
  if (id) {
    for (const l of Array.from(root.querySelectorAll('label'))) {
      if (l.getAttribute('for') === id) out.push({ text: visibleText(l), via: 'label-for' });
    }
  }
  const wrap = el.closest('label');
  if (wrap) out.push({ text: visibleText(wrap), via: 'label-wrap' });
  const aria = el.getAttribute('aria-label');
  if (aria) out.push({ text: aria, via: 'aria' });
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    for (const ref of by.split(/\s+/)) {
      const target = Array.from(root.querySelectorAll('[id]')).find((e) => e.getAttribute('id') === ref);
      if (target) out.push({ text: visibleText(target), via: 'aria' });
    }
  }
  const kind = kindOf(el);
  const cell = el.closest('td, th, [role="cell"], [role="gridcell"]');
  if (cell) {
    // Text inputs and selects: the label sits in the cell before. Checkboxes: in the cell after.
    const neighbour = kind === 'checkbox' || kind === 'radio' ? cell.nextElementSibling : cell.previousElementSibling;
    if (neighbour && !neighbour.querySelector(CONTROLS)) out.push({ text: visibleText(neighbour), via: 'cell' });
  }
  const row = opts.rows ? el.closest('tr') : null;
  const head = row?.firstElementChild;
  if (head && head !== cell && !head.contains(el) && !head.querySelector(CONTROLS)) out.push({ text: visibleText(head), via: 'row' });
  if (kind === 'checkbox' || kind === 'radio') {
    // The words right after the box, up to the next control (a person reads "☐ Leave a copy …").
    let text = '';
    for (let n = el.nextSibling; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (isControl(n as Element) || (n as Element).querySelector(CONTROLS))) break;
      text += ' ' + (n.nodeType === 1 ? visibleText(n) : (n.nodeValue ?? ''));
    }
    if (text.trim()) out.push({ text, via: 'adjacent' });
  }
  return out.filter((n) => n.text.trim() !== '');
}

/**
 * Locates every field of `specs` inside `scope`. `order` names checkbox fields in the order Gmail is
 * known to show them; it is only a cross-check: used for boxes no text names, and only when every
 * box that was named sits where that order puts it and as many unnamed boxes remain as fields.
 */
export function locateFields<K extends string>(
  scope: ParentNode,
  specs: ReadonlyArray<FieldSpec & { key: K }>,
  order: readonly K[] = [],
  naming: NamingOptions = {},
): LocateResult<K> {
  const controls = controlsIn(scope);
  const fields: Partial<Record<K, Found>> = {};
  const contested: Contest<K>[] = [];
  const unsure = new Set<K>();
  const taken = new Set<Control>();

  // Which fields each control's texts name, and the surest way one of them was found.
  const claims = new Map<Control, { keys: K[]; via: Via }>();
  for (const c of controls) {
    const kind = kindOf(c);
    const mine = specs.filter((s) => s.kind === kind);
    if (!mine.length) continue;
    const keys = new Set<K>();
    let via: Via | null = null;
    for (const n of namingsOf(c, naming)) {
      const said = mine.filter((s) => saysWords(n.text, s.words) && !(s.unless && saysWords(n.text, s.unless)));
      if (!said.length) continue;
      said.forEach((s) => keys.add(s.key));
      if (!via || CONFIDENCE[n.via] > CONFIDENCE[via]) via = n.via;
    }
    if (via) claims.set(c, { keys: [...keys], via });
  }
  for (const [c, cl] of claims) {
    if (cl.keys.length < 2) continue;
    // Two fields name one control: neither may have it. A field keeps a control that only it names.
    taken.add(c);
    for (const key of cl.keys) if (!contested.some((x) => x.key === key)) contested.push({ key });
  }

  for (const spec of specs) {
    const ofKind = controls.filter((c) => kindOf(c) === spec.kind);
    const named = ofKind.filter((c) => claims.get(c)?.keys.length === 1 && claims.get(c)!.keys[0] === spec.key);
    // Named only on a control another field names too: no structural guess may stand in for it.
    if (!named.length && contested.some((x) => x.key === spec.key)) {
      unsure.add(spec.key);
      continue;
    }
    if (named.length > 1) {
      unsure.add(spec.key);
      contested.push({ key: spec.key });
      continue;
    }
    if (named.length === 1) {
      const via = claims.get(named[0]!)!.via;
      fields[spec.key] = { el: named[0]!, via, confidence: CONFIDENCE[via] };
      taken.add(named[0]!);
      continue;
    }
    if (spec.structure) {
      // Only controls no text claims for anything: a structural guess never overrides a reading.
      const hits = spec.structure(
        ofKind.filter((c) => !claims.has(c) && !taken.has(c)),
        scope,
      );
      if (hits.length === 1) {
        fields[spec.key] = { el: hits[0]!, via: 'structure', confidence: CONFIDENCE.structure };
        taken.add(hits[0]!);
      } else if (hits.length > 1) {
        unsure.add(spec.key);
        contested.push({ key: spec.key });
      }
    }
  }

  // Last resort for checkboxes: Gmail's known order, when everything that was read agrees with it.
  const unnamed = order.filter((k) => !fields[k] && !unsure.has(k));
  if (unnamed.length) {
    const boxes = controls.filter((c) => kindOf(c) === 'checkbox');
    const inOrder = order.every((k) => !fields[k] || boxes.indexOf(fields[k]!.el) === order.indexOf(k));
    const free = boxes.filter((b) => !taken.has(b) && !claims.has(b) && namingsOf(b, naming).length === 0);
    if (inOrder && boxes.length === order.length && free.length === unnamed.length) {
      for (const k of unnamed) {
        const el = boxes[order.indexOf(k)];
        if (el && free.includes(el)) {
          fields[k] = { el, via: 'order', confidence: CONFIDENCE.order };
          taken.add(el);
        }
      }
    }
  }

  const missing = specs.map((s) => s.key).filter((k) => !fields[k] || fields[k]!.confidence < MIN_CONFIDENCE);
  for (const k of missing) delete fields[k];
  return { fields, missing, contested: contested.filter((x) => missing.includes(x.key)) };
}

/** The button (or submit input, or role=button) whose text says one of `texts`. */
export function findButton(scope: ParentNode, texts: TextVariants): HTMLElement | null {
  const cands = Array.from(scope.querySelectorAll<HTMLElement>('button, input[type=submit], input[type=button], [role=button], a[href]'));
  const named = (e: HTMLElement): string =>
    e.tagName === 'INPUT'
      ? (e as HTMLInputElement).value || e.getAttribute('aria-label') || ''
      : visibleText(e) || e.getAttribute('aria-label') || '';
  const hits = cands.filter((e) => textMatches(named(e), texts));
  return hits.length === 1 ? hits[0]! : null;
}
