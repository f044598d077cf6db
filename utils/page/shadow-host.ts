/**
 * The element our UI lives in on another site's page (the Gmail panel, the notes): an open shadow
 * root with our own styles, so the page's CSS and ours never meet. Not placed: the caller decides where.
 */
export function shadowHost(doc: Document, tag: string, css: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}
