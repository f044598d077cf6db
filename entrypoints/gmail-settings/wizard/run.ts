/**
 * What the content script does in one page of Gmail's "Add a mail account" window. Each step is a
 * new page load, so this runs once per page: recognise the step, then
 *  - in the window the panel's setup is bound to (binding.ts): fill the step and press Next (steps
 *    1, 2, 4), or fill step 3 and leave the password and "Add Account" to the person; a page that is
 *    not a known step, or a step with fields missing, still gets the note, with the settings to type
 *    by hand and "Copy page structure". Never an "edit info" form, and never a POP form for another
 *    server unless the person asked in this window;
 *  - elsewhere: offer a "Fill Mail2000 settings" button, or, in "edit info", list what differs
 *    from the profile and offer to correct it.
 * Browser APIs come in through `WizardDeps`, so the same code runs in tests on fixture pages.
 */
import type { MessageKey, Translate } from '@/utils/i18n/translate';
import type { Profile } from '@/utils/profile/schema';
import { findingTexts } from '@/utils/audit/texts';
import { matchGmailError } from '@/utils/audit/gmail-errors';
import { WIZARD_TEXTS } from '@/utils/gmail/labels';
import { locateEmailStep, locateKindStep, locatePopStep, locateSendAsStep } from '@/utils/gmail/locator';
import { findButton, type LocateResult } from '@/utils/page/fields';
import { normalizeText } from '@/utils/page/text';
import { manualSettings, type ManualItem } from '../manual';
import { chooseRadio, setTextValue } from '@/utils/page/fill';
import { desiredPopSettings, diffPopSettings, fillPopStep, readPopSettings, type PopDifference } from './pop-step';
import { detectStep, readWizardError, type DetectedStep, type WizardStep } from './steps';

export type WizardState =
  | 'working'
  | 'password'
  | 'missing'
  | 'error'
  | 'offer'
  | 'compare'
  | 'corrected'
  | 'done'
  | 'no-profile'
  | 'repeat'
  | 'unrecognised'
  | 'foreign';

export interface WizardAction {
  testId: 'm2k-wizard-fill' | 'm2k-wizard-correct' | 'm2k-wizard-copy';
  label: string;
  run: () => Promise<void>;
}

export interface WizardStatus {
  state: WizardState;
  step: WizardStep | 'none';
  message: string;
  details?: string[];
  action?: WizardAction;
  /** The settings to type by hand, each shown with a copy button. */
  manual?: ManualItem[];
  /** Offer "Copy page structure" (the sanitised snapshot) for a report. */
  snapshot?: boolean;
}

export interface WizardDeps {
  doc: Document;
  t: Translate;
  show(status: WizardStatus): void;
  /**
   * Is the panel's setup bound to this window (binding.ts)? `step` is the step on the page (null
   * when none is recognised): only a step that can begin a setup binds a new one.
   */
  hasIntent(step?: WizardStep | null): Promise<boolean>;
  /** The flow is finished: the setup ends in this window. */
  takeIntent(): Promise<void>;
  /** The person pressed "Fill Mail2000 settings": from now on this window fills itself. */
  setIntent(): Promise<void>;
  /** Did the person ask for the fill in this window (not only the panel's setup)? */
  askedHere?(): boolean;
  loadProfile(): Promise<Profile>;
  /**
   * Which steps we already pressed Next on in this window. When Gmail shows such a step again it
   * refused it (its message is on the page): we fill, but do not press Next again, so we never loop.
   */
  submitted: { has(step: WizardStep): boolean; add(step: WizardStep): void; clear(): void };
  /** Lets the status note paint before Gmail's blocking prompt for a new label's name. */
  paint?: () => Promise<void>;
}

export type WizardOutcome = WizardState | 'not-a-wizard-step' | 'silent';

const FIELD_KEY: Partial<Record<string, MessageKey>> = {
  address: 'wiz_field_address',
  pop: 'wiz_field_pop',
  yes: 'wiz_field_send_as',
  no: 'wiz_field_send_as',
  username: 'wiz_field_username',
  password: 'wiz_field_password',
  server: 'wiz_field_server',
  port: 'wiz_field_port',
  leaveCopy: 'wiz_field_leave_copy',
  ssl: 'wiz_field_ssl',
  label: 'wiz_field_label',
  labelSelect: 'wiz_field_label',
  labelName: 'wiz_field_label',
  archive: 'wiz_field_archive',
  next: 'wiz_field_next',
};

const fieldNames = (t: Translate, keys: readonly string[]): string =>
  [
    ...new Set(
      keys.map((k) => {
        const key = FIELD_KEY[k];
        return key ? t(key) : k;
      }),
    ),
  ].join(t('wiz_list_sep'));

/** Runs the helper on the current page; returns what it ended up showing (for tests and logs). */
export async function runWizard(deps: WizardDeps): Promise<WizardOutcome> {
  const detected = detectStep(deps.doc);
  const inSetup = await deps.hasIntent(detected?.step ?? null);
  if (!detected) return inSetup ? unrecognised(deps) : 'not-a-wizard-step';
  if (inSetup) return fillWithIntent(deps, detected);
  // No flow is running in this window (any more): a later setup in a reused window starts afresh.
  deps.submitted.clear();
  return withoutIntent(deps, detected);
}

async function withoutIntent(deps: WizardDeps, d: DetectedStep): Promise<WizardOutcome> {
  const { t } = deps;
  if (d.step === 'pop' && !findButton(d.scope, WIZARD_TEXTS.addAccount)) return editInfo(deps, d);
  if (d.step === 'pop' && readWizardError(deps.doc)) {
    // Set up by hand (or the intent expired while the person typed): still explain a Mail2000 error.
    const profile = await deps.loadProfile();
    const server = readPopSettings(locatePopStep(d.scope).fields).server;
    if (normalizeText(server) === normalizeText(profile.host)) return explainError(deps, d, profile);
  }
  if (d.step === 'sendAs') return 'silent'; // Nothing of ours to offer on the last question.
  deps.show({
    state: 'offer',
    step: d.step,
    message: t('wiz_offer'),
    action: {
      testId: 'm2k-wizard-fill',
      label: t('wiz_fill_button'),
      run: async () => {
        await deps.setIntent();
        const again = detectStep(deps.doc);
        if (again) await fillWithIntent(deps, again);
      },
    },
  });
  return 'offer';
}

/** "edit info" opens the step-3 form with the stored settings and "Save Changes" instead of "Add Account". */
async function editInfo(deps: WizardDeps, d: DetectedStep): Promise<WizardOutcome> {
  const { t } = deps;
  const profile = await deps.loadProfile();
  const located = locatePopStep(d.scope);
  const current = readPopSettings(located.fields);
  // Only a Mail2000 account is ours to compare; other accounts' windows stay untouched.
  if (normalizeText(current.server) !== normalizeText(profile.host)) return 'silent';
  const wanted = desiredPopSettings(profile);
  const diffs = diffPopSettings(current, wanted).filter((x) => x.key !== 'labelName' || current.label);
  if (located.missing.length) return showMissing(deps, d.step, located.missing);
  if (!diffs.length) {
    deps.show({ state: 'compare', step: 'pop', message: t('wiz_compare_same') });
    return 'compare';
  }
  deps.show({
    state: 'compare',
    step: 'pop',
    message: t('wiz_compare_diff'),
    details: diffs.map((x) => describeDiff(t, x)),
    action: {
      testId: 'm2k-wizard-correct',
      label: t('wiz_correct_button'),
      run: async () => {
        const again = locatePopStep(d.scope);
        if (again.missing.length) {
          showMissing(deps, 'pop', again.missing);
          return;
        }
        const res = await fillPopStep(again.fields, wanted, labelHooks(deps));
        (again.fields.password?.el as HTMLInputElement | undefined)?.focus();
        deps.show({
          state: 'corrected',
          step: 'pop',
          message: t('wiz_corrected'),
          details: notAppliedDetails(deps, res, wanted.labelName),
        });
      },
    },
  });
  return 'compare';
}

function describeDiff(t: Translate, d: PopDifference): string {
  const show = (v: PopDifference['current']): string =>
    typeof v === 'boolean' ? t(v ? 'wiz_on' : 'wiz_off') : v === null || v === '' ? t('wiz_none') : String(v);
  return t('wiz_diff_item', [fieldNames(t, [d.key]), show(d.current), show(d.wanted)]);
}

/**
 * Says which fields could not be identified (and, for a control two fields name, why), that nothing
 * was filled, the settings to type by hand, and, since this means Gmail's page has changed, offers
 * the sanitised page structure for a report.
 */
function showMissing(
  deps: WizardDeps,
  step: WizardStep,
  missing: readonly string[],
  contested: LocateResult<string>['contested'] = [],
  profile?: Profile,
): WizardOutcome {
  const { t } = deps;
  const details = contested.length
    ? [
        t(
          'wiz_contested',
          fieldNames(
            t,
            contested.map((c) => c.key),
          ),
        ),
      ]
    : [];
  deps.show({
    state: 'missing',
    step,
    message: t('wiz_missing', fieldNames(t, missing)),
    ...(details.length ? { details } : {}),
    ...(profile?.address ? { manual: manualSettings(profile, t) } : {}),
    snapshot: true,
  });
  return 'missing';
}

/** A page in the setup's window that is none of the steps we know: never silent, never filled. */
async function unrecognised(deps: WizardDeps): Promise<WizardOutcome> {
  const profile = await deps.loadProfile();
  deps.show({
    state: 'unrecognised',
    step: 'none',
    message: deps.t('wiz_unrecognised'),
    ...(profile.address ? { manual: manualSettings(profile, deps.t) } : {}),
    snapshot: true,
  });
  return 'unrecognised';
}

/**
 * Is the POP form's server the profile's, or Gmail's guess from the profile's address (Gmail
 * pre-fills "pop.<domain>" or "<domain>" from the address typed on the first step)?
 */
export function isOwnServer(server: string, profile: Profile): boolean {
  const s = normalizeText(server);
  if (!s) return true;
  const domain = normalizeText(profile.address.split('@')[1] ?? '');
  const host = normalizeText(profile.host);
  return [host, `pop.${host}`, domain, `pop.${domain}`].filter((x) => x && x !== 'pop.').includes(s);
}

const labelHooks = (deps: WizardDeps) => ({
  beforeNewLabel: async (name: string) => {
    deps.show({ state: 'working', step: 'pop', message: deps.t('wiz_label_prompt', name) });
    await deps.paint?.();
  },
});

function notAppliedDetails(deps: WizardDeps, res: { notApplied: string[]; labelNeedsName: boolean }, name = ''): string[] {
  const out: string[] = [];
  if (res.labelNeedsName) out.push(deps.t('wiz_label_not_created', name));
  if (res.notApplied.length) out.push(deps.t('wiz_not_applied', fieldNames(deps.t, res.notApplied)));
  return out;
}

/** Presses the step's Next button; false (and says so) when it cannot be identified. */
function pressNext(deps: WizardDeps, d: DetectedStep): boolean {
  const next = findButton(d.scope, WIZARD_TEXTS.next) ?? findButton(deps.doc, WIZARD_TEXTS.next);
  // Belt and braces: whatever the page calls its buttons, "Add Account" is the person's to press.
  if (!next || next === findButton(deps.doc, WIZARD_TEXTS.addAccount)) {
    showMissing(deps, d.step, ['next']);
    return false;
  }
  deps.submitted.add(d.step);
  next.click();
  return true;
}

async function fillWithIntent(deps: WizardDeps, d: DetectedStep): Promise<WizardOutcome> {
  const { t } = deps;
  const profile = await deps.loadProfile();
  if (!profile.address) {
    deps.show({ state: 'no-profile', step: d.step, message: t('wiz_no_profile') });
    return 'no-profile';
  }
  const again = d.step !== 'pop' && deps.submitted.has(d.step);
  const missingOr = <K extends string>(r: LocateResult<K>): WizardOutcome | null =>
    r.missing.length ? showMissing(deps, d.step, r.missing, r.contested, profile) : null;

  switch (d.step) {
    case 'email': {
      const r = locateEmailStep(d.scope);
      const stop = missingOr(r);
      if (stop) return stop;
      deps.show({ state: 'working', step: d.step, message: t('wiz_filling') });
      setTextValue(r.fields.address!.el as HTMLInputElement, profile.address);
      break;
    }
    case 'kind': {
      const r = locateKindStep(d.scope);
      const stop = missingOr(r);
      if (stop) return stop;
      deps.show({ state: 'working', step: d.step, message: t('wiz_filling') });
      chooseRadio(r.fields.pop!.el as HTMLInputElement);
      break;
    }
    case 'pop':
      // "edit info" (no "Add Account"): compare and offer to correct, never fill on its own.
      if (!findButton(d.scope, WIZARD_TEXTS.addAccount)) return editInfo(deps, d);
      return fillPop(deps, d, profile);
    case 'sendAs': {
      const r = locateSendAsStep(d.scope);
      const stop = missingOr(r);
      if (stop) return stop;
      chooseRadio((profile.sendAs ? r.fields.yes : r.fields.no)!.el as HTMLInputElement);
      // The fetch account exists now: the setup is finished and the intent used up.
      await deps.takeIntent();
      deps.submitted.clear();
      deps.show({ state: 'done', step: d.step, message: t(profile.sendAs ? 'wiz_send_as_yes' : 'wiz_send_as_no') });
      if (!again) pressNext(deps, d);
      return 'done';
    }
  }
  if (again) {
    deps.show({ state: 'repeat', step: d.step, message: t('wiz_repeat') });
    return 'repeat';
  }
  return pressNext(deps, d) ? 'working' : 'missing';
}

/** Gmail's error after "Add Account", as a cause and a fix in the person's language (utils/audit). */
function explainError(deps: WizardDeps, d: DetectedStep, profile: Profile): WizardOutcome {
  const { t } = deps;
  const m = matchGmailError(readWizardError(deps.doc));
  const texts = m ? findingTexts(m.code, t, { host: profile.host, label: profile.labelName, month: '' }) : null;
  deps.show({
    state: 'error',
    step: 'pop',
    message: texts ? texts.title : t('wiz_error_unknown'),
    details: texts ? [texts.cause, texts.fix] : [],
  });
  (locatePopStep(d.scope).fields.password?.el as HTMLInputElement | undefined)?.focus();
  return 'error';
}

async function fillPop(deps: WizardDeps, d: DetectedStep, profile: Profile): Promise<WizardOutcome> {
  const { t } = deps;
  const located = locatePopStep(d.scope);
  const password = located.fields.password?.el as HTMLInputElement | undefined;
  // After "Add Account" failed Gmail shows the form again with an error: explain it, keep the
  // person's own corrections, and put the cursor back in the password field.
  if (readWizardError(deps.doc)) return explainError(deps, d, profile);
  if (located.missing.length) return showMissing(deps, 'pop', located.missing, located.contested, profile);
  const current = readPopSettings(located.fields);
  if (!isOwnServer(current.server, profile) && !deps.askedHere?.()) {
    // Another server's form: not ours to fill unless the person asks here.
    deps.show({
      state: 'foreign',
      step: 'pop',
      message: t('wiz_foreign_server', [current.server, profile.host]),
      action: {
        testId: 'm2k-wizard-fill',
        label: t('wiz_fill_button'),
        run: async () => {
          await deps.setIntent();
          await fillPop(deps, d, profile);
        },
      },
    });
    return 'foreign';
  }
  deps.show({ state: 'working', step: 'pop', message: t('wiz_filling') });
  const wanted = desiredPopSettings(profile);
  const res = await fillPopStep(located.fields, wanted, labelHooks(deps));
  password?.focus();
  const filled = (['username', 'server', 'port', 'ssl', 'leaveCopy', 'label', 'archive'] as const).filter(
    (k) => !res.notApplied.includes(k),
  );
  deps.show({
    state: 'password',
    step: 'pop',
    message: t('wiz_password_left'),
    details: [t('wiz_filled', fieldNames(t, filled)), ...notAppliedDetails(deps, res, wanted.labelName)],
    manual: manualSettings(profile, t),
    snapshot: true,
  });
  return 'password';
}
