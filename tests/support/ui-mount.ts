/** Draws a component into a fresh element of the happy-dom document, effects and all, for a unit test to read. */
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

export async function mountInBody(vnode: ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(vnode, root));
  return root;
}
