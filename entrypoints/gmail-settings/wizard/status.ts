/**
 * What the "Add a mail account" helper shows and is given: its states and note (WizardStatus), the
 * browser side it runs on (WizardDeps), and the parts of a status every flow uses: field names in
 * the person's language, the missing-fields note, what could not be applied.
 */
import type { MessageKey, Translate } from '@/utils/i18n/translate';
import type { Profile } from '@/utils/profile/schema';
import type { LocateResult } from '@/utils/page/fields';
import { manualSettings, type ManualItem } from '../manual';
import type { WizardStep } from './steps';

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

export const fieldNames = (t: Translate, keys: readonly string[]): string =>
  [
    ...new Set(
      keys.map((k) => {
        const key = FIELD_KEY[k];
        return key ? t(key) : k;
      }),
    ),
  ].join(t('wiz_list_sep'));

/**
 * Says which fields could not be identified (and, for a control two fields name, why), that nothing
 * was filled, the settings to type by hand, and, since this means Gmail's page has changed, offers
 * the sanitised page structure for a report.
 */
export function showMissing(
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

export const labelHooks = (deps: WizardDeps) => ({
  beforeNewLabel: async (name: string) => {
    deps.show({ state: 'working', step: 'pop', message: deps.t('wiz_label_prompt', name) });
    await deps.paint?.();
  },
});

export function notAppliedDetails(deps: WizardDeps, res: { notApplied: string[]; labelNeedsName: boolean }, name = ''): string[] {
  const out: string[] = [];
  if (res.labelNeedsName) out.push(deps.t('wiz_label_not_created', name));
  if (res.notApplied.length) out.push(deps.t('wiz_not_applied', fieldNames(deps.t, res.notApplied)));
  return out;
}
