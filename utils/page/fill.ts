/**
 * Filling another site's page (Gmail's, a Mail2000 webmail's) the way a person's typing and
 * clicking would: values go through the element's native setter (the page's own code may have
 * wrapped `value`) followed by `input` and `change` events; boxes and radios are clicked, so the
 * page's click handlers run as well. Never innerHTML, never a password.
 */

/** The setter of `prop` from the element's own prototype chain (works across windows and worlds). */
function nativeSetter(el: Element, prop: string): ((v: unknown) => void) | undefined {
  for (let p = Object.getPrototypeOf(el) as object | null; p; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, prop);
    if (d?.set) return d.set;
  }
  return undefined;
}

const fire = (el: Element, type: string): void => {
  el.dispatchEvent(new (el.ownerDocument.defaultView?.Event ?? Event)(type, { bubbles: true }));
};

export function setTextValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  if (el.type === 'password') throw new Error('refusing to fill a password field');
  el.focus();
  const set = nativeSetter(el, 'value');
  if (set) set.call(el, value);
  else el.value = value;
  fire(el, 'input');
  fire(el, 'change');
  el.blur();
}

/** Picks the option whose value or text equals `wanted` (after trimming); false when there is none. */
export function selectOption(el: HTMLSelectElement, match: (o: HTMLOptionElement) => boolean): boolean {
  const opt = Array.from(el.options).find(match);
  if (!opt) return false;
  if (el.value === opt.value && opt.selected) return true;
  el.focus();
  const set = nativeSetter(el, 'value');
  if (set) set.call(el, opt.value);
  else el.value = opt.value;
  fire(el, 'input');
  fire(el, 'change');
  return true;
}

/** Ticks or unticks a box by clicking it, as a person would; nothing happens when it already agrees. */
export function setChecked(el: HTMLInputElement, on: boolean): void {
  if (el.checked !== on) el.click();
}

export function chooseRadio(el: HTMLInputElement): void {
  if (!el.checked) el.click();
}
