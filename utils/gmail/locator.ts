/**
 * The fields of Gmail's "Add a mail account" window, found by what a person reads
 * (utils/page/fields.ts): each step's fields with their words (labels.ts) and the structural
 * fallbacks that identify a control whatever its label says.
 */
import { WIZARD_FIELD_WORDS, WIZARD_TEXTS } from './labels';
import { locateFields, type Control, type FieldSpec, type LocateResult } from '../page/fields';
import { textMatches } from '../page/text';

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
