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

const CSS = `
:host { all: initial; }
.box { position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; max-width: 340px;
  font: 13px/1.45 system-ui, "Noto Sans CJK TC", sans-serif; color: #1f1f1f; background: #fff;
  border: 1px solid #c4c7c5; border-left: 4px solid #0b57d0; border-radius: 8px; padding: 10px 12px;
  box-shadow: 0 2px 8px rgba(0,0,0,.18); }
.box[data-state="missing"], .box[data-state="error"], .box[data-state="no-profile"] { border-left-color: #b3261e; }
.box[data-state="password"], .box[data-state="done"], .box[data-state="corrected"] { border-left-color: #146c2e; }
.title { font-weight: 600; margin: 0 20px 4px 0; }
.close { position: absolute; top: 4px; right: 6px; border: 0; background: none; font-size: 16px; cursor: pointer; color: #444; }
ul { margin: 6px 0 0; padding-left: 18px; }
.man { margin: 6px 0 0; padding: 0; list-style: none; }
.man li { display: flex; gap: 6px; align-items: baseline; }
.man code { font: 12px ui-monospace, monospace; background: #f1f3f4; padding: 0 3px; }
.sm { padding: 1px 6px; border-radius: 5px; border: 1px solid #747775; background: #fff; cursor: pointer; font: 12px system-ui, sans-serif; }
.act { margin-top: 8px; padding: 4px 10px; border-radius: 6px; border: 1px solid #0b57d0; background: #0b57d0; color: #fff; cursor: pointer; font: inherit; }
`;

export interface WizardUi {
  show(status: WizardStatus): void;
  remove(): void;
  /** The shadow root, for tests. */
  root: ShadowRoot;
}

/** Puts text on the clipboard; false when the browser refuses. */
export type CopyText = (text: string) => Promise<boolean>;

export function mountWizardUi(doc: Document, t: Translate, copy?: CopyText): WizardUi {
  const host = doc.createElement('m2k-wizard-note');
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const box = doc.createElement('div');
  box.className = 'box';
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  root.append(style, box);
  (doc.body ?? doc.documentElement).append(host);

  const show = (s: WizardStatus): void => {
    box.replaceChildren();
    box.dataset.state = s.state;
    box.dataset.step = s.step;
    const title = doc.createElement('div');
    title.className = 'title';
    title.textContent = t('wiz_title');
    const close = doc.createElement('button');
    close.className = 'close';
    close.type = 'button';
    close.textContent = '×';
    close.title = t('wiz_close');
    close.setAttribute('aria-label', t('wiz_close'));
    close.addEventListener(
      'click',
      byPerson(() => host.remove()),
    );
    const status = doc.createElement('div');
    status.dataset.testid = 'm2k-wizard-status';
    status.dataset.state = s.state;
    status.dataset.step = s.step;
    status.textContent = s.message;
    box.append(title, close, status);
    if (s.details?.length) {
      const ul = doc.createElement('ul');
      for (const d of s.details) {
        const li = doc.createElement('li');
        li.textContent = d;
        ul.append(li);
      }
      box.append(ul);
    }
    if (s.manual?.length && copy) {
      const title = doc.createElement('div');
      title.className = 'title';
      title.textContent = t('manual_title');
      const ul = doc.createElement('ul');
      ul.className = 'man';
      ul.dataset.testid = 'm2k-wizard-manual';
      for (const m of s.manual) {
        const li = doc.createElement('li');
        li.dataset.testid = 'm2k-wizard-manual-row';
        li.dataset.key = m.key;
        const name = doc.createElement('span');
        name.textContent = `${m.name}:`;
        const value = doc.createElement('code');
        value.textContent = m.value;
        const b = doc.createElement('button');
        b.type = 'button';
        b.className = 'sm';
        b.dataset.testid = 'm2k-wizard-manual-copy';
        b.textContent = t('manual_copy');
        b.addEventListener(
          'click',
          byPerson(() => {
            void copy(m.value).then((ok) => (b.textContent = t(ok ? 'manual_copied' : 'manual_copy_failed')));
          }),
        );
        li.append(name, value, b);
        ul.append(li);
      }
      box.append(title, ul);
    }
    if (s.snapshot && copy) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'sm';
      b.dataset.testid = 'm2k-wizard-copy';
      b.textContent = t('wiz_copy_structure');
      const result = doc.createElement('div');
      result.dataset.testid = 'm2k-wizard-copy-status';
      b.addEventListener(
        'click',
        byPerson(() => {
          void copy(snapshotStructure(doc.body ?? doc.documentElement)).then((ok) => {
            result.dataset.ok = String(ok);
            result.textContent = t(ok ? 'wiz_copied' : 'wiz_copy_failed');
          });
        }),
      );
      const p = doc.createElement('div');
      p.style.marginTop = '6px';
      p.append(b, result);
      box.append(p);
    }
    if (s.action) {
      const action = s.action;
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'act';
      b.dataset.testid = action.testId;
      b.textContent = action.label;
      b.addEventListener(
        'click',
        byPerson(() => {
          b.disabled = true;
          void action.run();
        }),
      );
      box.append(b);
    }
  };
  return { show, remove: () => host.remove(), root };
}
