/**
 * Step 3, the POP settings form: what the profile wants there, what the form currently says (for
 * "edit info"), the differences, and filling it. The password field is only ever focused.
 */
import type { Profile } from '@/utils/profile/schema';
import { effectiveUsername, popUsesSsl } from '@/utils/profile/seed';
import { WIZARD_TEXTS } from '@/utils/gmail/labels';
import type { PopField } from '@/utils/gmail/locator';
import type { Found } from '@/utils/page/fields';
import { normalizeText, textMatches } from '@/utils/page/text';
import { selectOption, setChecked, setTextValue } from '@/utils/page/fill';

export interface PopSettings {
  username: string;
  server: string;
  port: number | null;
  ssl: boolean;
  leaveCopy: boolean;
  label: boolean;
  /** The label chosen in the select; '' when none is chosen. */
  labelName: string;
  archive: boolean;
}
export type PopSettingKey = keyof PopSettings;

export type PopFields = Partial<Record<PopField, Found>>;

export const desiredPopSettings = (p: Profile): PopSettings => ({
  username: effectiveUsername(p),
  server: p.host,
  port: p.popPort,
  ssl: popUsesSsl(p),
  leaveCopy: p.keepCopy,
  label: p.label,
  labelName: p.label ? p.labelName : '',
  archive: p.archive,
});

const input = (f: PopFields, k: PopField) => f[k]?.el as HTMLInputElement | undefined;
const select = (f: PopFields, k: PopField) => f[k]?.el as HTMLSelectElement | undefined;

/** The chosen option (read through `selected`, which every DOM keeps right, unlike selectedIndex in happy-dom). */
const chosen = (s: HTMLSelectElement | undefined): HTMLOptionElement | undefined =>
  s ? (Array.from(s.options).find((o) => o.selected) ?? s.options[s.selectedIndex]) : undefined;

const selectedText = (s: HTMLSelectElement | undefined): string => {
  const o = chosen(s);
  return o ? (o.value || o.text).trim() : '';
};

/** What the form says now (the "edit info" window opens with the stored settings). */
export function readPopSettings(f: PopFields): PopSettings {
  const labelOpt = chosen(select(f, 'labelSelect'));
  const labelName = labelOpt && !textMatches(labelOpt.text, WIZARD_TEXTS.newLabel) ? labelOpt.text.trim() : '';
  const port = Number(selectedText(select(f, 'port')));
  return {
    username: input(f, 'username')?.value.trim() ?? '',
    server: input(f, 'server')?.value.trim() ?? '',
    port: Number.isFinite(port) && port > 0 ? port : null,
    ssl: input(f, 'ssl')?.checked ?? false,
    leaveCopy: input(f, 'leaveCopy')?.checked ?? false,
    label: input(f, 'label')?.checked ?? false,
    labelName,
    archive: input(f, 'archive')?.checked ?? false,
  };
}

export interface PopDifference {
  key: PopSettingKey;
  current: string | number | boolean | null;
  wanted: string | number | boolean | null;
}

const same = (k: PopSettingKey, a: PopSettings, b: PopSettings): boolean =>
  k === 'server' || k === 'username' || k === 'labelName' ? normalizeText(String(a[k])) === normalizeText(String(b[k])) : a[k] === b[k];

export function diffPopSettings(current: PopSettings, wanted: PopSettings): PopDifference[] {
  const keys: PopSettingKey[] = ['username', 'server', 'port', 'ssl', 'leaveCopy', 'label', 'labelName', 'archive'];
  return keys
    .filter((k) => !(k === 'labelName' && !wanted.label))
    .filter((k) => !same(k, current, wanted))
    .map((k) => ({ key: k, current: current[k], wanted: wanted[k] }));
}

export interface PopFillResult {
  /** Settings that did not end up as wanted (read back after filling). */
  notApplied: PopSettingKey[];
  /** The label did not exist and "New label…" was chosen; false when Gmail's prompt was answered. */
  labelNeedsName: boolean;
}

export interface PopFillHooks {
  /**
   * Called before "New label…" is chosen: Gmail answers that choice with a prompt for the name,
   * which only the person can type into (a content script cannot answer the page's prompt), so the
   * caller first shows the name to type.
   */
  beforeNewLabel?: (name: string) => Promise<void>;
}

const labelOptionNamed = (s: HTMLSelectElement, name: string) =>
  Array.from(s.options).find((o) => normalizeText(o.text) === normalizeText(name));

/** Fills every field of step 3 except the password. All fields must have been located first. */
export async function fillPopStep(f: PopFields, want: PopSettings, hooks: PopFillHooks = {}): Promise<PopFillResult> {
  const user = input(f, 'username');
  const server = input(f, 'server');
  const port = select(f, 'port');
  const ssl = input(f, 'ssl');
  if (user) setTextValue(user, want.username);
  if (server) setTextValue(server, want.server);
  // Gmail couples the two (ticking SSL switches the port to 995): set the box, then the port, then
  // the box again in case the page's handler of the port changed it back.
  if (ssl) setChecked(ssl, want.ssl);
  if (port && want.port !== null) selectOption(port, (o) => (o.value || o.text).trim() === String(want.port));
  if (ssl) setChecked(ssl, want.ssl);
  const keep = input(f, 'leaveCopy');
  if (keep) setChecked(keep, want.leaveCopy);
  const label = input(f, 'label');
  if (label) setChecked(label, want.label);
  let labelNeedsName = false;
  const labelSel = select(f, 'labelSelect');
  if (want.label && labelSel) {
    const existing = labelOptionNamed(labelSel, want.labelName);
    if (existing) selectOption(labelSel, (o) => o === existing);
    else {
      await hooks.beforeNewLabel?.(want.labelName);
      selectOption(labelSel, (o) => textMatches(o.text, WIZARD_TEXTS.newLabel));
      // Gmail's prompt has been answered (or dismissed) by now: it blocks until then.
      labelNeedsName = !labelOptionNamed(labelSel, want.labelName)?.selected;
    }
  }
  const archive = input(f, 'archive');
  if (archive) setChecked(archive, want.archive);

  const got = readPopSettings(f);
  const notApplied = diffPopSettings(got, want)
    .map((d) => d.key)
    .filter((k) => !(k === 'labelName' && labelNeedsName));
  return { notApplied, labelNeedsName };
}
