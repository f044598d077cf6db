/**
 * The note the wizard helper shows inside Gmail's "Add a mail account" window (components/note.ts):
 * one status line (`data-testid="m2k-wizard-status"`, with `data-state` and `data-step`), details,
 * the settings to type by hand each with a copy button, "Copy page structure", and at most one
 * action button.
 */
import type { Translate } from '@/utils/i18n/translate';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import type { CopyText } from '@/utils/page/clipboard';
import { mountNote } from '@/components/note';
import type { WizardStatus } from './status';

const CSS = `.box[data-state="missing"],.box[data-state="error"],.box[data-state="no-profile"]{border-left-color:#b3261e}.box[data-state="password"],.box[data-state="done"],.box[data-state="corrected"]{border-left-color:#146c2e}`;

export interface WizardUi {
  show(status: WizardStatus): void;
  remove(): void;
  /** The shadow root, for tests. */
  root: ShadowRoot;
}

export function mountWizardUi(doc: Document, t: Translate, copy?: CopyText): WizardUi {
  const note = mountNote(doc, {
    tag: 'm2k-wizard-note',
    css: CSS,
    texts: {
      title: t('wiz_title'),
      close: t('wiz_close'),
      copy: t('manual_copy'),
      copied: t('manual_copied'),
      copyFailed: t('manual_copy_failed'),
      manualTitle: t('manual_title'),
      structure: t('wiz_copy_structure'),
      structureCopied: t('wiz_copied'),
      structureFailed: t('wiz_copy_failed'),
    },
    ids: {
      status: 'm2k-wizard-status',
      manual: 'm2k-wizard-manual',
      manualRow: 'm2k-wizard-manual-row',
      manualCopy: 'm2k-wizard-manual-copy',
      structure: 'm2k-wizard-copy',
    },
    ...(copy ? { copy } : {}),
  });
  const show = (s: WizardStatus): void =>
    note.show({
      message: s.message,
      marks: { state: s.state, step: s.step },
      ...(s.details ? { details: s.details } : {}),
      ...(s.manual ? { manual: s.manual } : {}),
      ...(s.snapshot ? { structure: () => snapshotStructure(doc.body ?? doc.documentElement) } : {}),
      ...(s.action ? { action: s.action } : {}),
    });
  return { show, remove: note.remove, root: note.root };
}
