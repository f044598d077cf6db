/**
 * A click as the browser reports a person's: happy-dom has no `isTrusted`, so the tests give the
 * event one (the real check, page script's clicks doing nothing, is tested in Chromium:
 * tests/e2e/wizard-setup-window.test.ts).
 */
export function personClick(el: Element): void {
  const win = el.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  const ev = new (win?.MouseEvent ?? MouseEvent)('click', { bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(ev, 'isTrusted', { value: true });
  el.dispatchEvent(ev);
}
