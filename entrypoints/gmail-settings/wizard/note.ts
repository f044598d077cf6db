/**
 * The small note the wizard helper shows inside Gmail's "Add a mail account" window: one status
 * line (`data-testid="m2k-wizard-status"`, with `data-state` and `data-step` for tests and styling),
 * an optional list of details, the settings to type by hand each with a copy button, "Copy page
 * structure", and at most one action button. It lives in an open shadow root so Gmail's styles do
 * not reach it, and is built with DOM calls only (Gmail enforces Trusted Types). Its buttons act on
 * a person's clicks only: a click made by the page's script does nothing.
 */
import type { Translate } from '@/utils/i18n/translate';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import { byPerson } from '../manual';
import type { WizardStatus } from './run';

// Written compact: every byte of the content script is loaded on every Gmail page.
const CSS = `:host{all:initial}.box{position:fixed;right:12px;bottom:12px;z-index:2147483647;max-width:340px;font:13px/1.45 system-ui,"Noto Sans CJK TC",sans-serif;color:#1f1f1f;background:#fff;border:1px solid #c4c7c5;border-left:4px solid #0b57d0;border-radius:8px;padding:10px 12px;box-shadow:0 2px 8px rgba(0,0,0,.18)}.box[data-state="missing"],.box[data-state="error"],.box[data-state="no-profile"]{border-left-color:#b3261e}.box[data-state="password"],.box[data-state="done"],.box[data-state="corrected"]{border-left-color:#146c2e}.title{font-weight:600;margin:0 20px 4px 0}.close{position:absolute;top:4px;right:6px;border:0;background:none;font-size:16px;cursor:pointer;color:#444}ul{margin:6px 0 0;padding-left:18px}.snap{display:block;margin-top:6px}.man{margin:6px 0 0;padding:0;list-style:none}.sm{padding:1px 6px;border-radius:5px;border:1px solid #747775;background:#fff;cursor:pointer;font:12px system-ui,sans-serif}.act{margin-top:8px;padding:4px 10px;border-radius:6px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;font:inherit}`;

export interface WizardUi {
  show(status: WizardStatus): void;
  remove(): void;
  /** The shadow root, for tests. */
  root: ShadowRoot;
}

/** Puts text on the clipboard; false when the browser refuses. */
export type CopyText = (text: string) => Promise<boolean>;

export function mountWizardUi(doc: Document, t: Translate, copy?: CopyText): WizardUi {
  /** An element with its text, class, data-* and a click handler that answers only a person. */
  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    text = '',
    cls = '',
    data: Record<string, string> = {},
    onClick?: (e: HTMLElementTagNameMap[K]) => void,
  ): HTMLElementTagNameMap[K] => {
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
  const host = doc.createElement('m2k-wizard-note');
  const root = host.attachShadow({ mode: 'open' });
  const box = el('div', '', 'box');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  root.append(el('style', CSS), box);
  (doc.body ?? doc.documentElement).append(host);

  const show = (s: WizardStatus): void => {
    const marks = { state: s.state, step: s.step };
    box.replaceChildren();
    Object.assign(box.dataset, marks);
    const close = el('button', '×', 'close', {}, () => host.remove());
    close.title = t('wiz_close');
    close.setAttribute('aria-label', close.title);
    box.append(el('div', t('wiz_title'), 'title'), close, el('div', s.message, '', { testid: 'm2k-wizard-status', ...marks }));
    if (s.details?.length) {
      const ul = el('ul');
      ul.append(...s.details.map((d) => el('li', d)));
      box.append(ul);
    }
    if (s.manual?.length && copy) {
      const ul = el('ul', '', 'man', { testid: 'm2k-wizard-manual' });
      for (const m of s.manual) {
        const li = el('li', '', '', { testid: 'm2k-wizard-manual-row', key: m.key });
        li.append(
          el('span', `${m.name}:`),
          el('code', m.value),
          el('button', t('manual_copy'), 'sm', { testid: 'm2k-wizard-manual-copy' }, (b) => {
            void copy(m.value).then((ok) => (b.textContent = t(ok ? 'manual_copied' : 'manual_copy_failed')));
          }),
        );
        ul.append(li);
      }
      box.append(el('div', t('manual_title'), 'title'), ul);
    }
    if (s.snapshot && copy) {
      const b = el('button', t('wiz_copy_structure'), 'sm snap', { testid: 'm2k-wizard-copy' }, () => {
        void copy(snapshotStructure(doc.body ?? doc.documentElement)).then((ok) => {
          b.dataset.ok = String(ok);
          b.textContent = t(ok ? 'wiz_copied' : 'wiz_copy_failed');
        });
      });
      box.append(b);
    }
    if (s.action) {
      const action = s.action;
      box.append(
        el('button', action.label, 'act', { testid: action.testId }, (b) => {
          b.disabled = true;
          void action.run();
        }),
      );
    }
  };
  return { show, remove: () => host.remove(), root };
}
