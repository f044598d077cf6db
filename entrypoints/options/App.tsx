/**
 * Options page: the person's Mail2000 profile. Loads through profile-store (which repairs broken
 * stored values and tells us which fields), validates inline, and saves to storage.sync only when
 * every field is valid.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n/translate';
import { effectiveUsername, defaultProfile, verificationOf, type Profile } from '@/utils/profile/schema';
import { SERVICES, type Service } from '@/contract/mail2000';
import { loadProfile, saveProfile, watchProfile, type LoadedProfile } from '@/utils/profile/store';
import { isLocked, type ManagedPath } from '@/utils/profile/managed';
import { CheckboxField, TextField } from '@/components/fields';
import { PasswordCheck } from '@/components/PasswordCheck';

declare const __M2K_PRIVACY_URL__: string;
/** docs/privacy.md as published with the sources (wxt.config.ts, from package.json's repository). */
const PRIVACY_URL = __M2K_PRIVACY_URL__;
import { FindServer } from './FindServer';
import type { FoundServer } from './found-server';
import { WebmailSites } from './WebmailSites';
import { PolicyNotice } from './PolicyNotice';
import { addressFromHash } from '@/utils/profile/find-link';
import { FIELD_ORDER, toDraft, validateDraft, type DraftErrors, type FieldKey, type ProfileDraft } from './draft';

const ERR = 'm2k-opt-error';
const fieldId = (k: FieldKey) => `m2k-${k.replace('.', '-')}`;

/** Label keys of each stored field, so the repair notice names fields the way the form does. */
const FIELD_LABEL: Partial<Record<string, MessageKey>> = {
  address: 'opt_address',
  username: 'opt_username',
  host: 'opt_host',
  popPort: 'opt_pop_port',
  keepCopy: 'opt_keepcopy',
  label: 'opt_label',
  labelName: 'opt_label_name',
  archive: 'opt_archive',
  sendAs: 'opt_sendas',
  ports: 'opt_advanced',
  ...Object.fromEntries(SERVICES.map((s) => [`ports.${s}`, `opt_port_${s}` satisfies MessageKey])),
};

/**
 * Leaving a field shows its message, which moves everything below it. If a mouse press on Save (or
 * on "Advanced") took the focus, that message would push the button away between press and release
 * and the click would be lost. Keeping the focus where it is avoids the jump; the keyboard is unaffected.
 */
const keepFocus = (e: MouseEvent) => e.preventDefault();

type Status = { kind: 'idle' } | { kind: 'saved' } | { kind: 'refused' } | { kind: 'failed' };

export function OptionsApp() {
  const [loaded, setLoaded] = useState<LoadedProfile | null>(null);
  const [draft, setDraft] = useState<ProfileDraft>(() => toDraft(defaultProfile()));
  const [errors, setErrors] = useState<DraftErrors>({});
  /** Fields are checked once the person has left them (or tried to save), not on the first keystroke. */
  const [touched, setTouched] = useState<Partial<Record<FieldKey, boolean>>>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [dirty, setDirty] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  /** A valid profile on 110 waiting for its own confirmation (plain text is never saved on one press). */
  const [plainPending, setPlainPending] = useState<Profile | null>(null);
  /** The confirmation takes the focus on its safe choice, so a keyboard user lands in it. */
  const plainNo = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (plainPending) plainNo.current?.focus();
  }, [plainPending]);
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;
  const formRef = useRef<HTMLFormElement>(null);
  /** The address the Gmail panel's "Use these settings" opened this page for, if any; a later one moves the open tab's fragment. */
  const [fromGmail, setFromGmail] = useState(() => addressFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setFromGmail(addressFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    let alive = true;
    void loadProfile().then((l) => {
      if (!alive) return;
      setLoaded(l);
      setDraft(toDraft(l.profile));
      // Where the server's settings come from is shown, whether repaired or set by the organisation.
      if ([...l.repaired, ...l.managed.paths].some((f) => f === 'host' || f.startsWith('ports'))) setAdvancedOpen(true);
    });
    // Saved elsewhere (another tab, or another device through sync), or the policy changed: follow it
    // unless the person is editing; what the policy sets and locks is followed at once.
    const stop = watchProfile((l) => {
      if (!alive) return;
      setLoaded((old) => (old ? { ...old, managed: l.managed } : l));
      if (!dirtyRef.current) setDraft(toDraft(l.profile));
    });
    return () => {
      alive = false;
      stop();
    };
  }, []);

  const recheck = (next: ProfileDraft, tch: Partial<Record<FieldKey, boolean>>) => {
    const r = validateDraft(next);
    const shown: DraftErrors = {};
    for (const [k, v] of Object.entries(r.errors) as [FieldKey, MessageKey][]) if (tch[k]) shown[k] = v;
    setErrors(shown);
  };

  const update = (patch: Partial<ProfileDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    setDirty(true);
    setStatus({ kind: 'idle' });
    setPlainPending(null);
    recheck(next, touched);
  };
  const updatePort = (s: Service, v: string) => update({ ports: { ...draft.ports, [s]: v } });
  const touch = (k: FieldKey) => {
    const tch = { ...touched, [k]: true };
    setTouched(tch);
    recheck(draft, tch);
  };

  /** What the page shows once a profile is stored: the stored values, nothing pending, nothing repaired. */
  const showSaved = (saved: Profile) => {
    setDraft(toDraft(saved));
    setDirty(false);
    setLoaded((l) => (l ? { ...l, profile: saved, repaired: [] } : l));
    setStatus({ kind: 'saved' });
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const r = validateDraft(draft);
    if (!r.profile) {
      const all = Object.fromEntries(FIELD_ORDER.map((k) => [k, true]));
      setTouched(all);
      setErrors(r.errors);
      setStatus({ kind: 'refused' });
      const first = FIELD_ORDER.find((k) => r.errors[k]);
      if (first && (first === 'host' || first.startsWith('ports.'))) setAdvancedOpen(true);
      // After the render that opens Advanced, so the field can take focus.
      if (first) setTimeout(() => formRef.current?.querySelector<HTMLInputElement>(`#${fieldId(first)}`)?.focus(), 0);
      return;
    }
    // The verification stays while the server is the verified one; a server typed by hand has none.
    const kept = loaded && verificationOf({ ...loaded.profile, host: r.profile.host });
    const next = kept ? { ...r.profile, verified: kept } : r.profile;
    // Moving to plain text asks first, in words of its own; what is already stored as 110 does not.
    if (next.popPort === 110 && loaded?.profile.popPort !== 110) {
      setPlainPending(next);
      return;
    }
    await save(next);
  };

  const save = async (p: Profile) => {
    setPlainPending(null);
    try {
      showSaved(await saveProfile(p));
    } catch {
      setStatus({ kind: 'failed' });
    }
  };

  /** "Use these settings": fill server, ports and SSL from the discovery, record how, and save when the form is valid. */
  const applyFound = async (f: FoundServer, typedAddress: string) => {
    const next: ProfileDraft = {
      ...draft,
      address: draft.address.trim() || typedAddress,
      host: f.host,
      popPort: String(f.popPort),
      ports: Object.fromEntries(SERVICES.map((s) => [s, String(f.ports[s])])) as ProfileDraft['ports'],
    };
    setDraft(next);
    setDirty(true);
    const r = validateDraft(next);
    if (!r.profile) {
      setErrors(r.errors);
      setStatus({ kind: 'refused' });
      return;
    }
    try {
      showSaved(await saveProfile({ ...r.profile, verified: { at: Date.now(), how: f.how, host: r.profile.host.toLowerCase() } }));
    } catch {
      setStatus({ kind: 'failed' });
    }
  };
  const verified = loaded ? verificationOf(loaded.profile) : null;
  const probePorts = (() => {
    const out: Partial<Record<Service, number>> = {};
    for (const s of SERVICES) {
      const n = Number(draft.ports[s]);
      if (/^\d{1,5}$/.test(draft.ports[s].trim()) && n >= 1 && n <= 65535) out[s] = n;
    }
    return out;
  })();

  const err = (k: FieldKey) => (errors[k] ? t(errors[k]) : undefined);
  const text = (k: 'address' | 'username' | 'labelName' | 'host') => ({
    id: fieldId(k),
    value: draft[k],
    onValue: (v: string) => update({ [k]: v }),
    onBlur: () => touch(k),
    error: err(k),
    errorTestId: ERR,
  });

  if (!loaded) return <main class="m2k-options" aria-busy="true" />;
  const policy = loaded.managed;
  /** A field the organisation sets: marked so, and not editable while the policy locks it. */
  const managed = (path: ManagedPath, hint?: string) =>
    policy.paths.includes(path)
      ? {
          disabled: isLocked(policy, path),
          hint: (
            <>
              <span class="m2k-managed" data-testid="m2k-opt-managed-field" data-field={path} data-locked={String(isLocked(policy, path))}>
                {isLocked(policy, path) ? t('opt_managed_field_locked') : t('opt_managed_field')}
              </span>
              {hint ? ` ${hint}` : null}
            </>
          ),
        }
      : { hint };
  const repaired = loaded.repaired;
  // What the chosen port means; for any other value the error message says what is allowed.
  const pop = draft.popPort.trim();
  const popHint =
    pop === '995'
      ? t('opt_pop_port_hint_ssl')
      : pop === '110'
        ? t('opt_pop_port_hint_110')
        : err('popPort')
          ? undefined
          : t('opt_pop_port_hint_plain');

  return (
    <main class="m2k-options">
      <h1>{t('opt_title')}</h1>
      <p class="m2k-lead">{t('opt_intro')}</p>

      {repaired.length > 0 ? (
        <div class="m2k-notice" role="alert" data-testid="m2k-opt-repaired">
          <p>{t('opt_repaired')}</p>
          {repaired.includes('*') ? null : (
            <ul>
              {repaired.map((f) => (
                <li key={f}>{t(FIELD_LABEL[f] ?? 'opt_advanced')}</li>
              ))}
            </ul>
          )}
          <p>{t('opt_repaired_next')}</p>
        </div>
      ) : null}

      <PolicyNotice policy={policy} labelOf={(f) => (FIELD_LABEL[f] ? t(FIELD_LABEL[f]) : undefined)} />

      <FindServer
        address={draft.address}
        locked={isLocked(policy, 'host') ? draft.host : undefined}
        ports={probePorts}
        onUse={(f, a) => void applyFound(f, a)}
        // Started once the stored profile is in: the discovery uses its ports.
        {...(fromGmail && loaded ? { start: fromGmail } : {})}
      />
      {verified && verified.host === draft.host.trim().toLowerCase() ? (
        <p class="m2k-hint" data-testid="m2k-opt-verified" data-how={verified.how}>
          {verified.how === 'helper'
            ? t('opt_verified_helper', [new Date(verified.at).toLocaleString(), verified.host])
            : t('opt_verified_known', [new Date(verified.at).toLocaleString()])}
        </p>
      ) : null}

      <form ref={formRef} onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>{t('opt_section_account')}</legend>
          <TextField
            {...text('address')}
            type="email"
            inputMode="email"
            label={t('opt_address')}
            testId="m2k-opt-address"
            placeholder="alice@mail.au.edu.tw"
            autoComplete="email"
            hint={t('opt_address_hint')}
          />
          <TextField
            {...text('username')}
            label={t('opt_username')}
            testId="m2k-opt-username"
            placeholder={effectiveUsername({ address: draft.address, username: '' }) || 'alice'}
            autoComplete="username"
            hint={t('opt_username_hint')}
          />
          <TextField
            id={fieldId('popPort')}
            label={t('opt_pop_port')}
            testId="m2k-opt-port"
            value={draft.popPort}
            inputMode="numeric"
            list="m2k-pop-ports"
            size={6}
            onValue={(v) => update({ popPort: v })}
            onBlur={() => touch('popPort')}
            error={err('popPort')}
            errorTestId={ERR}
            {...managed('popPort', popHint)}
          />
          {pop === '110' ? (
            // The audit's own finding for a plain-text fetch, next to the port that causes it.
            <div class="m2k-notice" role="note" data-testid="m2k-opt-not-secure" data-code="not-secure">
              <strong>{t('audit_not_secure_title')}</strong>
              <p>{t('audit_not_secure_cause')}</p>
              <p>{t('audit_not_secure_fix')}</p>
            </div>
          ) : null}
          <datalist id="m2k-pop-ports">
            <option value="995" />
            <option value="110" />
          </datalist>
          <CheckboxField
            id="m2k-keepcopy"
            label={t('opt_keepcopy')}
            testId="m2k-opt-keepcopy"
            checked={draft.keepCopy}
            onChecked={(v) => update({ keepCopy: v })}
            {...managed('keepCopy', t('opt_keepcopy_hint'))}
          />
        </fieldset>

        <fieldset>
          <legend>{t('opt_section_gmail')}</legend>
          <CheckboxField
            id="m2k-label"
            label={t('opt_label')}
            testId="m2k-opt-label"
            checked={draft.label}
            onChecked={(v) => update({ label: v })}
            {...managed('label')}
          />
          <TextField
            {...text('labelName')}
            label={t('opt_label_name')}
            testId="m2k-opt-label-name"
            {...managed('labelName')}
            disabled={!draft.label || isLocked(policy, 'labelName')}
          />
          <CheckboxField
            id="m2k-archive"
            label={t('opt_archive')}
            testId="m2k-opt-archive"
            checked={draft.archive}
            onChecked={(v) => update({ archive: v })}
            {...managed('archive', t('opt_archive_hint'))}
          />
          <CheckboxField
            id="m2k-sendas"
            label={t('opt_sendas')}
            testId="m2k-opt-sendas"
            checked={draft.sendAs}
            onChecked={(v) => update({ sendAs: v })}
            {...managed('sendAs', t('opt_sendas_hint'))}
          />
        </fieldset>

        <details open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)} data-testid="m2k-opt-advanced">
          <summary onMouseDown={keepFocus}>{t('opt_advanced')}</summary>
          <p class="m2k-hint">{t('opt_advanced_hint')}</p>
          <TextField {...text('host')} label={t('opt_host')} testId="m2k-opt-host" placeholder="mail.au.edu.tw" {...managed('host')} />
          <div class="m2k-ports">
            {SERVICES.map((s) => (
              <TextField
                key={s}
                id={fieldId(`ports.${s}`)}
                label={t(`opt_port_${s}`)}
                testId={`m2k-opt-port-${s}`}
                value={draft.ports[s]}
                inputMode="numeric"
                size={6}
                onValue={(v) => updatePort(s, v)}
                onBlur={() => touch(`ports.${s}`)}
                error={err(`ports.${s}`)}
                errorTestId={ERR}
                {...managed(`ports.${s}`)}
              />
            ))}
          </div>
        </details>

        {plainPending ? (
          <div class="m2k-notice" role="alertdialog" aria-labelledby="m2k-plain-title" data-testid="m2k-opt-plain-confirm">
            <h2 id="m2k-plain-title">{t('opt_plain_confirm_title')}</h2>
            <p>{t('opt_plain_confirm_body')}</p>
            <button type="button" data-testid="m2k-opt-plain-no" ref={plainNo} onClick={() => update({ popPort: '995' })}>
              {t('opt_plain_confirm_no')}
            </button>{' '}
            <button type="button" data-testid="m2k-opt-plain-yes" onClick={() => void save(plainPending)}>
              {t('opt_plain_confirm_yes')}
            </button>
          </div>
        ) : null}

        <div class="m2k-actions">
          <button type="submit" data-testid="m2k-opt-save" onMouseDown={keepFocus}>
            {t('opt_save')}
          </button>
          <p class="m2k-status" role="status" aria-live="polite" data-testid="m2k-opt-status">
            {status.kind === 'saved' ? <span data-testid="m2k-opt-saved">{t('opt_saved')}</span> : null}
            {status.kind === 'refused' ? t('opt_refused') : null}
            {status.kind === 'failed' ? t('opt_save_failed') : null}
          </p>
        </div>
      </form>

      {/* Outside the form on purpose: the password is never part of what is saved or submitted. */}
      <WebmailSites profileHost={loaded.profile.host} />

      <PasswordCheck account={{ username: draft.username, address: draft.address }} />

      <p>
        <a href="/report.html" target="_blank" data-testid="m2k-opt-report">
          {t('open_report')}
        </a>
      </p>
      <p>
        <a href={PRIVACY_URL} target="_blank" rel="noreferrer" data-testid="m2k-opt-privacy">
          {t('opt_privacy')}
        </a>
      </p>
    </main>
  );
}
