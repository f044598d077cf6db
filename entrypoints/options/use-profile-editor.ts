/**
 * The options form's state and every change to it: the stored profile loaded through profile-store
 * (which repairs broken stored values and tells us which fields) and followed while the person is
 * not editing, the draft as typed, which messages show, the confirmation a move to plain text
 * needs, and the save to storage.sync (only when every field is valid), by hand or from "Find my
 * server". Kept apart from the form's view (ProfileForm.tsx, ProfileFields.tsx), which reads this
 * and calls it, so the rules of when something is checked or saved are in one place.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n/translate';
import { defaultProfile, verificationOf, type Profile } from '@/utils/profile/schema';
import { SERVICES, type Service } from '@/contract/mail2000';
import { loadProfile, saveProfile, watchProfile, type LoadedProfile } from '@/utils/profile/store';
import type { FoundServer } from './found-server';
import { FIELD_ORDER, toDraft, validateDraft, type DraftErrors, type FieldKey, type ProfileDraft } from './draft';

const ERR = 'm2k-opt-error';
const fieldId = (k: FieldKey) => `m2k-${k.replace('.', '-')}`;

type Status = { kind: 'idle' } | { kind: 'saved' } | { kind: 'refused' } | { kind: 'failed' };

export type ProfileEditor = ReturnType<typeof useProfileEditor>;

export function useProfileEditor() {
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
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;
  const formRef = useRef<HTMLFormElement>(null);

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

  const err = (k: FieldKey) => (errors[k] ? t(errors[k]) : undefined);
  /** What every validated field takes from the editor: its id, its message once shown, and what leaving it does. */
  const field = (k: FieldKey) => ({ id: fieldId(k), onBlur: () => touch(k), error: err(k), errorTestId: ERR });
  /** A text field bound to its draft value. */
  const text = (k: 'address' | 'username' | 'labelName' | 'host') => ({
    ...field(k),
    value: draft[k],
    onValue: (v: string) => update({ [k]: v }),
  });
  /** A checkbox bound to its draft value; its id and test id are named after the field. */
  const check = (k: 'keepCopy' | 'label' | 'archive' | 'sendAs') => ({
    id: `m2k-${k.toLowerCase()}`,
    testId: `m2k-opt-${k.toLowerCase()}`,
    checked: draft[k],
    onChecked: (v: boolean) => update({ [k]: v }),
  });

  return {
    loaded,
    draft,
    status,
    advancedOpen,
    setAdvancedOpen,
    plainPending,
    formRef,
    update,
    updatePort,
    onSubmit,
    save,
    applyFound,
    err,
    field,
    text,
    check,
  };
}
