/**
 * The small note our content scripts show on other sites' pages (Gmail's "Add a mail account"
 * window, the Mail2000 webmail): a box in the corner, in an open shadow root so the page's styles
 * do not reach it, built with DOM calls only (Gmail enforces Trusted Types). It has a title, a close
 * button, one status line (with data-* for tests and styling), details, sections of the caller's,
 * the settings to type by hand each with its own copy button, "Copy page structure", and at most one
 * action button. Its buttons act on a person's clicks only.
 */
import { byPerson } from '@/utils/page/person';
import { shadowHost } from '@/utils/page/shadow-host';
import type { CopyText } from '@/utils/page/clipboard';

// Written compact: content scripts load every byte on every page they run on.
const BASE_CSS = `:host{all:initial}.box{position:fixed;right:12px;bottom:12px;z-index:2147483647;max-width:360px;max-height:80vh;overflow:auto;font:13px/1.45 system-ui,"Noto Sans CJK TC",sans-serif;color:#1f1f1f;background:#fff;border:1px solid #c4c7c5;border-left:4px solid #0b57d0;border-radius:8px;padding:10px 12px;box-shadow:0 2px 8px rgba(0,0,0,.18)}.title{font-weight:600;margin:0 20px 4px 0}.close{position:absolute;top:4px;right:6px;border:0;background:none;font-size:16px;cursor:pointer;color:#444}ul{margin:6px 0 0;padding-left:18px}.snap{display:block;margin-top:6px}.man{margin:6px 0 0;padding:0;list-style:none}.sm{padding:1px 6px;border-radius:5px;border:1px solid #747775;background:#fff;cursor:pointer;font:12px system-ui,sans-serif}.act{margin-top:8px;padding:4px 10px;border-radius:6px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;font:inherit}`;

/** Makes an element with its text, class, data-* and a click handler that answers only a person. */
export type El = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  cls?: string,
  data?: Record<string, string>,
  onClick?: (e: HTMLElementTagNameMap[K]) => void,
) => HTMLElementTagNameMap[K];

export interface CopyRow {
  key: string;
  name: string;
  value: string;
}

/** The note's own words, in the person's language. */
export interface NoteTexts {
  title: string;
  close: string;
  copy: string;
  copied: string;
  copyFailed: string;
  manualTitle: string;
  structure: string;
  structureCopied: string;
  structureFailed: string;
}

/** The test ids a note's parts carry (each note has its own prefix: m2k-wizard-…, m2k-forward-…). */
export interface NoteIds {
  status: string;
  manual: string;
  manualRow: string;
  manualCopy: string;
  structure: string;
}

export interface NoteContent {
  message: string;
  /** data-* on the box and the status line: data-state and the like. */
  marks: Record<string, string>;
  details?: readonly string[];
  /** Blocks of the caller's, after the details (made with the note's `el`). */
  sections?: readonly HTMLElement[];
  manual?: readonly CopyRow[];
  /** The page's sanitised structure, for "Copy page structure". */
  structure?: () => string;
  action?: { testId: string; label: string; run: () => Promise<void> | void };
}

export interface Note {
  show(content: NoteContent): void;
  remove(): void;
  el: El;
  /** The shadow root, for tests. */
  root: ShadowRoot;
}

export function mountNote(doc: Document, opts: { tag: string; css?: string; texts: NoteTexts; ids: NoteIds; copy?: CopyText }): Note {
  const { texts, ids, copy } = opts;
  const el: El = (tag, text = '', cls = '', data = {}, onClick) => {
    const e = doc.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    Object.assign(e.dataset, data);
    if (tag === 'button') (e as HTMLButtonElement).type = 'button';
    if (onClick)
      e.addEventListener(
        'click',
        byPerson(() => onClick(e)),
      );
    return e;
  };
  const { host, root } = shadowHost(doc, opts.tag, BASE_CSS + (opts.css ?? ''));
  const box = el('div', '', 'box');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  root.append(box);
  (doc.body ?? doc.documentElement).append(host);

  const show = (c: NoteContent): void => {
    box.replaceChildren();
    Object.assign(box.dataset, c.marks);
    const close = el('button', '×', 'close', {}, () => host.remove());
    close.title = texts.close;
    close.setAttribute('aria-label', texts.close);
    box.append(el('div', texts.title, 'title'), close, el('div', c.message, '', { testid: ids.status, ...c.marks }));
    if (c.details?.length) {
      const ul = el('ul');
      ul.append(...c.details.map((d) => el('li', d)));
      box.append(ul);
    }
    box.append(...(c.sections ?? []));
    if (c.manual?.length && copy) {
      const ul = el('ul', '', 'man', { testid: ids.manual });
      for (const m of c.manual) {
        const li = el('li', '', '', { testid: ids.manualRow, key: m.key });
        li.append(
          el('span', `${m.name}: `),
          el('code', m.value),
          doc.createTextNode(' '),
          el('button', texts.copy, 'sm', { testid: ids.manualCopy }, (b) => {
            void copy(m.value).then((ok) => (b.textContent = ok ? texts.copied : texts.copyFailed));
          }),
        );
        ul.append(li);
      }
      box.append(el('div', texts.manualTitle, 'title'), ul);
    }
    const structure = c.structure;
    if (structure && copy) {
      const b = el('button', texts.structure, 'sm snap', { testid: ids.structure }, () => {
        void copy(structure()).then((ok) => {
          b.dataset.ok = String(ok);
          b.textContent = ok ? texts.structureCopied : texts.structureFailed;
        });
      });
      box.append(b);
    }
    if (c.action) {
      const action = c.action;
      box.append(
        el('button', action.label, 'act', { testid: action.testId }, (b) => {
          b.disabled = true;
          void action.run();
        }),
      );
    }
  };
  return { show, remove: () => host.remove(), el, root };
}
