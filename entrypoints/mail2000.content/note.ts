/**
 * The assistant's note on the webmail (components/note.ts), in the frame it is about: the status line
 * `data-testid="m2k-forward-status"` with `data-state` (login, filled, code, saved, unknown, and
 * offer in a tab the panel did not open), details, the findings on the settings that were there,
 * each setting with a copy button, and "Copy page structure" where the page could not be read.
 */
import type { Translate } from '@/utils/i18n/translate';
import type { CopyText } from '@/utils/page/clipboard';
import type { Finding } from '@/utils/audit/schema';
import { findingTexts } from '@/utils/audit/texts';
import { mountNote, type CopyRow, type Note } from '@/components/note';

export type ForwardState = 'login' | 'filled' | 'code' | 'saved' | 'unknown' | 'offer';

export interface ForwardStatus {
  state: ForwardState;
  message: string;
  details?: string[];
  /** The findings on the settings that were on the page; null: not judged (yet, or the background did not answer). */
  findings?: Finding[] | null;
  manual?: CopyRow[];
  structure?: () => string;
  /** One button (after a save: "Test forwarding"). */
  action?: { testId: string; label: string; run: () => Promise<void> | void };
}

export const NOTE_TAG = 'm2k-forward-note';

const CSS = `.box[data-state="unknown"]{border-left-color:#b3261e}.box[data-state="saved"],.box[data-state="filled"]{border-left-color:#146c2e}.box[data-state="code"],.box[data-state="login"]{border-left-color:#c77700}.f{margin:6px 0 0;padding-left:8px;border-left:3px solid #b3261e;list-style:none}.f[data-severity="warn"]{border-color:#c77700}.f[data-severity="info"]{border-color:#5f6368}.k{font-weight:600}`;

export interface ForwardNote {
  show(status: ForwardStatus): void;
  remove(): void;
  doc: Document;
  /** Still in its page (not closed by the person, not dropped with the page)? */
  shown(): boolean;
}

export function mountForwardNote(doc: Document, t: Translate, copy: CopyText): ForwardNote {
  const note: Note = mountNote(doc, {
    tag: NOTE_TAG,
    css: CSS,
    texts: {
      title: t('fwd_title'),
      close: t('wiz_close'),
      copy: t('manual_copy'),
      copied: t('manual_copied'),
      copyFailed: t('manual_copy_failed'),
      manualTitle: t('fwd_settings_title'),
      structure: t('wiz_copy_structure'),
      structureCopied: t('wiz_copied'),
      structureFailed: t('wiz_copy_failed'),
    },
    ids: {
      status: 'm2k-forward-status',
      manual: 'm2k-forward-manual',
      manualRow: 'm2k-forward-manual-row',
      manualCopy: 'm2k-forward-manual-copy',
      structure: 'm2k-forward-copy-structure',
    },
    copy,
  });
  const { el } = note;
  const findingsOf = (state: ForwardState, findings: Finding[] | null | undefined): HTMLElement[] => {
    if (findings === undefined) return [];
    if (findings === null) return [el('p', t('fwd_unjudged'), '', { testid: 'm2k-forward-unjudged' })];
    // After a fill the findings are about what the page had before it.
    const before = state === 'filled' || state === 'code';
    const title = el(
      'div',
      t(findings.length ? (before ? 'fwd_findings_before' : 'fwd_findings') : before ? 'fwd_no_findings_before' : 'fwd_no_findings'),
      'k',
      { testid: 'm2k-forward-findings', count: String(findings.length) },
    );
    const ul = el('ul');
    for (const f of findings) {
      const x = findingTexts(f.code, t, { host: '', label: '', month: '' });
      const li = el('li', '', 'f', { testid: 'm2k-forward-finding', code: f.code, severity: f.severity });
      li.append(
        // The address it is about, or the date it ends on.
        el(
          'div',
          `${x.title}${f.account ? ` — ${f.account}` : f.code === 'forward-ended' || f.code === 'forward-ending' ? ` — ${f.evidence ?? ''}` : ''}`,
          'k',
        ),
        el('div', `${t('panel_cause')}: ${x.cause}`),
        el('div', `${t('panel_fix')}: ${x.fix}`),
      );
      ul.append(li);
    }
    return [title, ul];
  };
  return {
    doc,
    remove: note.remove,
    shown: () => note.root.host.isConnected,
    show: (s) =>
      note.show({
        message: s.message,
        marks: { state: s.state },
        ...(s.details ? { details: s.details } : {}),
        sections: findingsOf(s.state, s.findings),
        ...(s.manual ? { manual: s.manual } : {}),
        ...(s.structure ? { structure: s.structure } : {}),
        ...(s.action ? { action: s.action } : {}),
      }),
  };
}
