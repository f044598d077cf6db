/**
 * Finds the controls of Gmail's wizard by what a person sees, never by ids or classes (Gmail's are
 * obfuscated and change). For each control we gather the texts that name it, each with how it was
 * found and how sure that makes us:
 *   `<label for>` 1.0 · wrapping `<label>` 0.95 · aria-label / aria-labelledby 0.9 ·
 *   the neighbouring table cell or the text right beside a checkbox 0.85 ·
 * then structure (the only password input; the select offering 110 and 995; the select with
 * "New label…") 0.8, and for checkboxes whose texts are unreadable their known order 0.6.
 * A field that matches two controls equally well is ambiguous and counts as missing.
 */
import { WIZARD_TEXTS, type TextVariants } from './labels';
import { textMatches, visibleText, type MatchMode } from './text';

export type FieldKind = 'text' | 'password' | 'select' | 'checkbox' | 'radio';
export type Via = 'label-for' | 'label-wrap' | 'aria' | 'cell' | 'adjacent' | 'structure' | 'order';

export const CONFIDENCE: Readonly<Record<Via, number>> = {
  'label-for': 1,
  'label-wrap': 0.95,
  aria: 0.9,
  cell: 0.85,
  adjacent: 0.85,
  structure: 0.8,
  order: 0.6,
};
/** Below this a field counts as missing: filling the wrong box is worse than filling none. */
export const MIN_CONFIDENCE = 0.6;

export type Control = HTMLInputElement | HTMLSelectElement;

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  texts: TextVariants;
  match?: MatchMode;
  /** Structural fallback, tried when no text names the field. */
  structure?: (candidates: Control[], scope: ParentNode) => Control[];
}

export interface Found {
  el: Control;
  via: Via;
  confidence: number;
}

export interface LocateResult<K extends string> {
  fields: Partial<Record<K, Found>>;
  /** Fields that could not be identified with confidence, in the order they were asked for. */
  missing: K[];
}

interface Naming {
  text: string;
  via: Via;
}

const isControl = (e: Element): e is Control => e.tagName === 'INPUT' || e.tagName === 'SELECT';

/** The kind of a control as the locator sees it; hidden inputs and buttons are not fields. */
export function kindOf(el: Control): FieldKind | null {
  if (el.tagName === 'SELECT') return 'select';
  const type = (el.getAttribute('type') ?? 'text').toLowerCase();
  if (type === 'password') return 'password';
  if (type === 'checkbox') return 'checkbox';
  if (type === 'radio') return 'radio';
  if (['text', 'email', ''].includes(type)) return 'text';
  return null;
}

export function controlsIn(scope: ParentNode): Control[] {
  return Array.from(scope.querySelectorAll('input, select')).filter(isControl).filter((e) => kindOf(e) !== null);
}

const rootOf = (el: Element): ParentNode => (el.getRootNode() as ParentNode | null) ?? el.ownerDocument;

/** Text of the element minus the texts of form controls inside it (a wrapping label's own words). */
const ownWords = (el: Element): string => visibleText(el);

/** Every text that names `el`, with how it was found. */
export function namingsOf(el: Control): Naming[] {
  const out: Naming[] = [];
  const root = rootOf(el);
  const id = el.getAttribute('id');
  if (id) {
    for (const l of Array.from(root.querySelectorAll('label'))) {
      if (l.getAttribute('for') === id) out.push({ text: ownWords(l), via: 'label-for' });
    }
  }
  const wrap = el.closest('label');
  if (wrap) out.push({ text: ownWords(wrap), via: 'label-wrap' });
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
  const cell = el.closest('td, th');
  if (cell) {
    // Text inputs and selects: the label sits in the cell before. Checkboxes: in the cell after.
    const neighbour = kind === 'checkbox' || kind === 'radio' ? cell.nextElementSibling : cell.previousElementSibling;
    if (neighbour && /^T[DH]$/.test(neighbour.tagName)) out.push({ text: visibleText(neighbour), via: 'cell' });
  }
  if (kind === 'checkbox' || kind === 'radio') {
    // The words right after the box, up to the next control (a person reads "☐ Leave a copy …").
    let text = '';
    for (let n = el.nextSibling; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (isControl(n as Element) || (n as Element).querySelector('input, select'))) break;
      text += ' ' + (n.nodeType === 1 ? visibleText(n) : (n.nodeValue ?? ''));
    }
    if (text.trim()) out.push({ text, via: 'adjacent' });
  }
  return out.filter((n) => n.text.trim() !== '');
}

/** The best naming of `el` that says one of `texts`, or null. */
function bestMatch(el: Control, texts: TextVariants, mode: MatchMode): Naming | null {
  let best: Naming | null = null;
  for (const n of namingsOf(el)) {
    if (textMatches(n.text, texts, mode) && (!best || CONFIDENCE[n.via] > CONFIDENCE[best.via])) best = n;
  }
  return best;
}

/**
 * Locates every field of `specs` inside `scope`. `order` names checkbox fields in the order Gmail is
 * known to show them; it is used only for boxes no text could name, and only when the boxes that
 * were named sit in that same order and as many unnamed boxes remain as unnamed fields.
 */
export function locateFields<K extends string>(
  scope: ParentNode,
  specs: ReadonlyArray<FieldSpec & { key: K }>,
  order: readonly K[] = [],
): LocateResult<K> {
  const controls = controlsIn(scope);
  const fields: Partial<Record<K, Found>> = {};
  const taken = new Set<Control>();
  const ambiguous = new Set<K>();

  for (const spec of specs) {
    const ofKind = controls.filter((c) => kindOf(c) === spec.kind);
    // Every control of the kind that says the field's text: more than one is ambiguous, however
    // each was found (a second "Archive incoming messages" box means we do not know the page).
    let best: Found[] = [];
    for (const c of ofKind) {
      const m = bestMatch(c, spec.texts, spec.match ?? 'exact');
      if (m) best.push({ el: c, via: m.via, confidence: CONFIDENCE[m.via] });
    }
    if (best.length > 1) {
      ambiguous.add(spec.key);
      continue;
    }
    if (!best.length && spec.structure) {
      const hits = spec.structure(ofKind, scope);
      if (hits.length === 1) best = [{ el: hits[0]!, via: 'structure', confidence: CONFIDENCE.structure }];
      else if (hits.length > 1) ambiguous.add(spec.key);
    }
    const hit = best[0];
    if (hit && !taken.has(hit.el)) {
      fields[spec.key] = hit;
      taken.add(hit.el);
    }
  }

  // Last resort for checkboxes: Gmail's known order, when it is consistent with what was read.
  const unnamed = order.filter((k) => !fields[k] && !ambiguous.has(k));
  if (unnamed.length) {
    const boxes = controls.filter((c) => kindOf(c) === 'checkbox');
    // Every box that was named must sit exactly where the known order puts it.
    const inOrder = order.every((k) => !fields[k] || boxes.indexOf(fields[k]!.el) === order.indexOf(k));
    const free = boxes.filter((b) => !taken.has(b) && namingsOf(b).length === 0);
    if (inOrder && boxes.length === order.length && free.length === unnamed.length) {
      // Each unnamed field takes the free box at its own position in the known order.
      for (const k of unnamed) {
        const el = boxes[order.indexOf(k)];
        if (el && free.includes(el)) {
          fields[k] = { el, via: 'order', confidence: CONFIDENCE.order };
          taken.add(el);
        }
      }
    }
  }

  const missing = specs
    .map((s) => s.key)
    .filter((k) => !fields[k] || fields[k]!.confidence < MIN_CONFIDENCE);
  for (const k of missing) delete fields[k];
  return { fields, missing };
}

// ─── The wizard's fields ──────────────────────────────────────────────────────────────────────

/** A select offering Gmail's two POP ports is the port select, whatever its label says. */
export const offersPopPorts = (s: Control): boolean => {
  if (s.tagName !== 'SELECT') return false;
  const opts = Array.from((s as HTMLSelectElement).options).map((o) => (o.value || o.text).trim());
  return opts.includes('110') && opts.includes('995');
};

export const hasNewLabelOption = (s: Control): boolean =>
  s.tagName === 'SELECT' &&
  Array.from((s as HTMLSelectElement).options).some((o) => textMatches(o.text, WIZARD_TEXTS.newLabel));

export const EMAIL_STEP_FIELDS = [
  {
    key: 'address',
    kind: 'text',
    texts: WIZARD_TEXTS.emailAddress,
    // The email step has one text box a person types into; type=email says it outright.
    structure: (c: Control[]) => {
      const email = c.filter((e) => e.getAttribute('type') === 'email');
      return email.length ? email : c;
    },
  },
] as const satisfies readonly FieldSpec[];

export const KIND_STEP_FIELDS = [
  { key: 'pop', kind: 'radio', texts: WIZARD_TEXTS.popImport, match: 'prefix' },
] as const satisfies readonly FieldSpec[];

export const SEND_AS_STEP_FIELDS = [
  { key: 'yes', kind: 'radio', texts: WIZARD_TEXTS.sendAsYes, match: 'prefix' },
  { key: 'no', kind: 'radio', texts: WIZARD_TEXTS.sendAsNo },
] as const satisfies readonly FieldSpec[];

export const POP_STEP_FIELDS = [
  { key: 'username', kind: 'text', texts: WIZARD_TEXTS.username },
  { key: 'password', kind: 'password', texts: WIZARD_TEXTS.password, structure: (c: Control[]) => c },
  { key: 'server', kind: 'text', texts: WIZARD_TEXTS.popServer },
  { key: 'port', kind: 'select', texts: WIZARD_TEXTS.port, structure: (c: Control[]) => c.filter(offersPopPorts) },
  { key: 'leaveCopy', kind: 'checkbox', texts: WIZARD_TEXTS.leaveCopy, match: 'prefix' },
  { key: 'ssl', kind: 'checkbox', texts: WIZARD_TEXTS.ssl, match: 'prefix' },
  { key: 'label', kind: 'checkbox', texts: WIZARD_TEXTS.label, match: 'prefix' },
  {
    key: 'labelSelect',
    kind: 'select',
    // Gmail puts the label select right after "Label incoming messages:" with no text of its own.
    texts: WIZARD_TEXTS.label,
    match: 'prefix',
    structure: (c: Control[]) => c.filter((s) => hasNewLabelOption(s) && !offersPopPorts(s)),
  },
  { key: 'archive', kind: 'checkbox', texts: WIZARD_TEXTS.archive, match: 'prefix' },
] as const satisfies readonly FieldSpec[];

export type PopField = (typeof POP_STEP_FIELDS)[number]['key'];
/** Gmail's order of the step-3 checkboxes (the last resort when their texts cannot be read). */
export const POP_CHECKBOX_ORDER: readonly PopField[] = ['leaveCopy', 'ssl', 'label', 'archive'];

export const locatePopStep = (scope: ParentNode): LocateResult<PopField> =>
  locateFields(scope, POP_STEP_FIELDS, POP_CHECKBOX_ORDER);
export const locateEmailStep = (scope: ParentNode) => locateFields(scope, EMAIL_STEP_FIELDS);
export const locateKindStep = (scope: ParentNode) => locateFields(scope, KIND_STEP_FIELDS);
export const locateSendAsStep = (scope: ParentNode) => locateFields(scope, SEND_AS_STEP_FIELDS);

/** The button (or submit input, or role=button) whose text says one of `texts`. */
export function findButton(scope: ParentNode, texts: TextVariants): HTMLElement | null {
  const cands = Array.from(
    scope.querySelectorAll<HTMLElement>('button, input[type=submit], input[type=button], [role=button], a[href]'),
  );
  const named = (e: HTMLElement): string =>
    e.tagName === 'INPUT' ? ((e as HTMLInputElement).value || e.getAttribute('aria-label') || '') : visibleText(e) || e.getAttribute('aria-label') || '';
  const hits = cands.filter((e) => textMatches(named(e), texts));
  return hits.length === 1 ? hits[0]! : null;
}
