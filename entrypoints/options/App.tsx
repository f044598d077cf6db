/**
 * Options page: the person's Mail2000 profile. The page around the form: what was repaired or is
 * set by the organisation, "Find my server" (started for the address the Gmail panel sent, if
 * any), how the server was verified, the form itself (ProfileForm.tsx, its state in
 * use-profile-editor.ts), the webmails the assistant may run on, the password check and the links out.
 */
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n/translate';
import { verificationOf } from '@/utils/profile/schema';
import { SERVICES, type Service } from '@/contract/mail2000';
import { isLocked } from '@/utils/profile/managed';
import { PasswordCheck } from '@/components/PasswordCheck';
import { PageLoading } from '@/components/PageLoading';

declare const __M2K_PRIVACY_URL__: string;
/** docs/privacy.md as published with the sources (wxt.config.ts, from package.json's repository). */
const PRIVACY_URL = __M2K_PRIVACY_URL__;
import { FindServer } from './FindServer';
import { WebmailSites } from './WebmailSites';
import { PolicyNotice } from './PolicyNotice';
import { ProfileForm } from './ProfileForm';
import { useProfileEditor } from './use-profile-editor';
import { addressFromHash } from '@/utils/profile/find-link';
import type { ProfileDraft } from './draft';

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

/** The ports typed so far that a discovery can use (the others it leaves at their defaults). */
const probePortsOf = (draft: ProfileDraft) => {
  const out: Partial<Record<Service, number>> = {};
  for (const s of SERVICES) {
    const n = Number(draft.ports[s]);
    if (/^\d{1,5}$/.test(draft.ports[s].trim()) && n >= 1 && n <= 65535) out[s] = n;
  }
  return out;
};

export function OptionsApp() {
  const editor = useProfileEditor();
  const { loaded, draft } = editor;
  /** The address the Gmail panel's "Use these settings" opened this page for, if any; a later one moves the open tab's fragment. */
  const [fromGmail, setFromGmail] = useState(() => addressFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setFromGmail(addressFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  if (!loaded) return <PageLoading class="m2k-options" title="opt_title" reading="opt_loading" testId="m2k-opt-loading" />;
  const verified = verificationOf(loaded.profile);
  const policy = loaded.managed;
  const repaired = loaded.repaired;

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
        ports={probePortsOf(draft)}
        onUse={(f, a) => void editor.applyFound(f, a)}
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

      <ProfileForm editor={editor} policy={policy} />

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
