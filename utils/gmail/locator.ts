/**
 * Finds the controls of Gmail's wizard by what a person sees, never by ids or classes (Gmail's are
 * obfuscated and change). For each control we gather the texts that name it, each with how it was
 * found and how sure that makes us:
 *   `<label for>` 1.0 · wrapping `<label>` 0.95 · aria-label / aria-labelledby 0.9 ·
 *   the neighbouring table cell or the text right beside a checkbox 0.85 ·
 * then structure (the only password input; the select offering 110 and 995; the select with
 * "New label…") 0.8, and for checkboxes whose texts are unreadable their known order 0.6.
 * A field is named by its distinctive words (WIZARD_FIELD_WORDS in labels.ts), not a whole phrase.
 * A control whose texts name two fields is taken by neither, and a field that two controls name is
 * missing: filling the wrong box is worse than filling none. Hidden controls (decoys) are not seen.
 */
import { WIZARD_FIELD_WORDS, WIZARD_TEXTS, type TextVariants, type WordGroups } from './labels';
import { saysWords, textMatches, visibleText } from './text';

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
  words: WordGroups;
  /** Structural fallback, tried when no text names the field. */
  structure?: (candidates: Control[], scope: ParentNode) => Control[];
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
  return Array.from(scope.querySelectorAll('input, select'))
    .filter(isControl)
    .filter((e) => kindOf(e) !== null && isShown(e));
}

const rootOf = (el: Element): ParentNode => (el.getRootNode() as ParentNode | null) ?? el.ownerDocument;

/** Every text that names `el`, with how it was found. */
export function namingsOf(el: Control): Naming[] {
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
    if (neighbour && !neighbour.querySelector('input, select')) out.push({ text: visibleText(neighbour), via: 'cell' });
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

/**
 * Locates every field of `specs` inside `scope`. `order` names checkbox fields in the order Gmail is
 * known to show them; it is only a cross-check: used for boxes no text names, and only when every
 * box that was named sits where that order puts it and as many unnamed boxes remain as fields.
 */
export function locateFields<K extends string>(
  scope: ParentNode,
  specs: ReadonlyArray<FieldSpec & { key: K }>,
  order: readonly K[] = [],
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
    for (const n of namingsOf(c)) {
      const said = mine.filter((s) => saysWords(n.text, s.words));
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
    const free = boxes.filter((b) => !taken.has(b) && !claims.has(b) && namingsOf(b).length === 0);
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

// ─── The wizard's fields ──────────────────────────────────────────────────────────────────────

/** A select offering Gmail's two POP ports is the port select, whatever its label says. */
export const offersPopPorts = (s: Control): boolean => {
  if (s.tagName !== 'SELECT') return false;
  const opts = Array.from((s as HTMLSelectElement).options).map((o) => (o.value || o.text).trim());
  return opts.includes('110') && opts.includes('995');
};

export const hasNewLabelOption = (s: Control): boolean =>
  s.tagName === 'SELECT' && Array.from((s as HTMLSelectElement).options).some((o) => textMatches(o.text, WIZARD_TEXTS.newLabel));

export const EMAIL_STEP_FIELDS = [
  {
    key: 'address',
    kind: 'text',
    words: WIZARD_FIELD_WORDS.address,
    // The email step has one text box a person types into; type=email says it outright.
    structure: (c: Control[]) => {
      const email = c.filter((e) => e.getAttribute('type') === 'email');
      return email.length ? email : c;
    },
  },
] as const satisfies readonly FieldSpec[];

export const KIND_STEP_FIELDS = [{ key: 'pop', kind: 'radio', words: WIZARD_FIELD_WORDS.pop }] as const satisfies readonly FieldSpec[];

export const SEND_AS_STEP_FIELDS = [
  { key: 'yes', kind: 'radio', words: WIZARD_FIELD_WORDS.yes },
  { key: 'no', kind: 'radio', words: WIZARD_FIELD_WORDS.no },
] as const satisfies readonly FieldSpec[];

export const POP_STEP_FIELDS = [
  { key: 'username', kind: 'text', words: WIZARD_FIELD_WORDS.username },
  { key: 'password', kind: 'password', words: WIZARD_FIELD_WORDS.password, structure: (c: Control[]) => c },
  { key: 'server', kind: 'text', words: WIZARD_FIELD_WORDS.server },
  { key: 'port', kind: 'select', words: WIZARD_FIELD_WORDS.port, structure: (c: Control[]) => c.filter(offersPopPorts) },
  { key: 'leaveCopy', kind: 'checkbox', words: WIZARD_FIELD_WORDS.leaveCopy },
  { key: 'ssl', kind: 'checkbox', words: WIZARD_FIELD_WORDS.ssl },
  { key: 'label', kind: 'checkbox', words: WIZARD_FIELD_WORDS.label },
  {
    key: 'labelSelect',
    kind: 'select',
    // Gmail puts the label select right after "Label incoming messages:" with no text of its own.
    words: WIZARD_FIELD_WORDS.label,
    structure: (c: Control[]) => c.filter((s) => hasNewLabelOption(s) && !offersPopPorts(s)),
  },
  { key: 'archive', kind: 'checkbox', words: WIZARD_FIELD_WORDS.archive },
] as const satisfies readonly FieldSpec[];

export type PopField = (typeof POP_STEP_FIELDS)[number]['key'];
/** Gmail's order of the step-3 checkboxes (the last resort when their texts cannot be read). */
export const POP_CHECKBOX_ORDER: readonly PopField[] = ['leaveCopy', 'ssl', 'label', 'archive'];

export const locatePopStep = (scope: ParentNode): LocateResult<PopField> => locateFields(scope, POP_STEP_FIELDS, POP_CHECKBOX_ORDER);
export const locateEmailStep = (scope: ParentNode) => locateFields(scope, EMAIL_STEP_FIELDS);
export const locateKindStep = (scope: ParentNode) => locateFields(scope, KIND_STEP_FIELDS);
export const locateSendAsStep = (scope: ParentNode) => locateFields(scope, SEND_AS_STEP_FIELDS);

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
