/**
 * Acts only on what the person did: a click or key press made by the page's own script has
 * `isTrusted` false and does nothing, so the page (Gmail's, the webmail's, or anything injected
 * into it) cannot press our buttons.
 */
export const byPerson =
  <E extends Event>(run: (e: E) => void) =>
  (e: E): void => {
    if (!e.isTrusted) return;
    run(e);
  };
