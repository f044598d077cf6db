/**
 * Which step of Gmail's "Add a mail account" window is on the page, decided by what is on it (its
 * URL is undocumented): the POP settings form is the one with a single password input; the two
 * radio questions are told apart by their texts; the first step is an email box and a Next button.
 */
import { WIZARD_FIELD_WORDS, WIZARD_TEXTS } from '@/utils/gmail/labels';
import { locateEmailStep, locateKindStep, locateSendAsStep, offersPopPorts } from '@/utils/gmail/locator';
import { controlsIn, findButton, kindOf } from '@/utils/page/fields';
import { saysWords, textMatches, visibleText } from '@/utils/page/text';

const POP_SERVER_WORDS = [['pop', 'server'], ['pop', '伺服器'], ['pop3']];

export type WizardStep = 'email' | 'kind' | 'pop' | 'sendAs';

export interface DetectedStep {
  step: WizardStep;
  /** The form (or, without one, the document) the step's fields are looked up in. */
  scope: ParentNode;
}

const scopeOf = (el: Element): ParentNode => el.closest('form') ?? el.ownerDocument;

export function detectStep(doc: Document): DetectedStep | null {
  const controls = controlsIn(doc);
  const passwords = controls.filter((c) => kindOf(c) === 'password');
  if (passwords.length > 0) {
    const scope = scopeOf(passwords[0]!);
    // A password box plus the port select, or plus words for a POP server: the POP settings form.
    // Two password boxes still make it the form (its fields then say what is missing).
    const popish = controlsIn(scope).some(offersPopPorts) || saysWords(visibleText(scope as Node), POP_SERVER_WORDS);
    return popish ? { step: 'pop', scope } : null;
  }
  const sendAs = locateSendAsStep(doc);
  if (sendAs.fields.yes) return { step: 'sendAs', scope: scopeOf(sendAs.fields.yes.el) };
  const kind = locateKindStep(doc);
  if (kind.fields.pop) return { step: 'kind', scope: scopeOf(kind.fields.pop.el) };
  // Step 1: a box labelled "Email address" and a Next button, no radios around. A box found only
  // by structure counts on a small page alone (a big page with one "Email address" text somewhere,
  // like Gmail's own main window, must not be taken for the wizard).
  const next = findButton(doc, WIZARD_TEXTS.next);
  if (next && !controls.some((c) => kindOf(c) === 'radio')) {
    const email = locateEmailStep(doc).fields.address;
    const small = controls.length <= 5 && saysWords(visibleText(doc.body ?? doc.documentElement), WIZARD_FIELD_WORDS.address);
    if (email && (email.via !== 'structure' || small)) return { step: 'email', scope: scopeOf(email.el) };
  }
  return null;
}

/**
 * The error Gmail shows after "Add Account" fails: the text around "Show error details" and the
 * details themselves (often hidden until clicked, but present in the page). Null when no error shows.
 */
export function readWizardError(doc: Document): string | null {
  const trigger = Array.from(doc.querySelectorAll<HTMLElement>('a, button, [role=button], [role=link], span')).find(
    (e) => e.children.length === 0 && textMatches(visibleText(e), WIZARD_TEXTS.showErrorDetails),
  );
  if (!trigger) return null;
  // Climb to the block that holds more than the link itself: the message and its details.
  let block: Element = trigger;
  for (let i = 0; i < 4 && block.parentElement; i++) {
    block = block.parentElement;
    if (visibleText(block).length > visibleText(trigger).length + 10) break;
  }
  const text = block.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return text || null;
}
