/**
 * The content script's part in Gmail's own "Add a mail account" window (and the "edit info" window,
 * which shows the same POP settings form). The entry (index.ts, owned by the panel) calls
 * `isWizardWindow` first and, when it is true, `startWizard`.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Is this document Gmail's account wizard popup? Cheap on purpose: the entry calls it on every
 * mail.google.com page. The wizard is always a window.open() popup, so a window without an opener
 * is rejected before the DOM is looked at; then the page must show one of the wizard's steps.
 */
export function isWizardWindow(doc: Document, win: Window): boolean {
  if (!win.opener) return false;
  void doc;
  return false; // filled in by the wizard work (c1)
}

/**
 * Runs the wizard helper in this window: recognises the step on the page, fills it when the panel's
 * setup intent is present (or offers a "Fill Mail2000 settings" button when not), and shows a status
 * note in a shadow root. Never types a password and never presses "Add Account". Everything it
 * starts is tied to `ctx`.
 */
export async function startWizard(ctx: ContentScriptContext): Promise<void> {
  void ctx;
}
