/**
 * "The forwarding assistant on your webmail": where it runs. The known Mail2000 sites are listed
 * (the manifest has them). Any other webmail (the profile's server first) is allowed one origin at
 * a time: the person's click asks the browser for that https origin, and the background registers
 * the assistant there. Allowed sites can be removed again. The Gmail panel opens this section with
 * `#webmail=<host>` when the webmail it opened is not allowed yet.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n/translate';
import {
  allowedWebmails,
  KNOWN_WEBMAILS,
  onWebmailsChanged,
  removeWebmail,
  requestWebmail,
  webmailHost,
} from '@/utils/webmail/permissions';

type Asked = { host: string; state: 'asking' | 'granted' | 'refused' | 'failed' } | { host: string; state: 'bad' };

/** The host the Gmail panel asked for (`#webmail=<host>`), if any. */
export const webmailFromHash = (hash: string): string | null => {
  const m = /^#webmail=([^&]+)$/.exec(hash);
  if (!m) return null;
  try {
    return webmailHost(decodeURIComponent(m[1]!));
  } catch {
    return null;
  }
};

export function WebmailSites({ profileHost }: { profileHost: string }) {
  const [fromGmail, setFromGmail] = useState(() => webmailFromHash(location.hash));
  const [typed, setTyped] = useState<string>(() => fromGmail ?? (KNOWN_WEBMAILS.includes(profileHost) ? '' : profileHost));
  const [allowed, setAllowed] = useState<string[] | null>(null);
  const [asked, setAsked] = useState<Asked | null>(null);

  // The background reuses an options tab that is already open: a new request arrives as a new fragment.
  useEffect(() => {
    const onHash = () => {
      const host = webmailFromHash(location.hash);
      setFromGmail(host);
      if (host) setTyped(host);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const load = () => void allowedWebmails().then(setAllowed, () => setAllowed([]));
    load();
    return onWebmailsChanged(load);
  }, []);
  useEffect(() => {
    if (fromGmail) document.getElementById('m2k-webmail-title')?.scrollIntoView();
  }, [fromGmail]);

  const allow = (e: Event) => {
    e.preventDefault();
    const host = webmailHost(typed);
    if (!host) return setAsked({ host: typed, state: 'bad' });
    if (KNOWN_WEBMAILS.includes(host)) return setAsked({ host, state: 'granted' });
    setAsked({ host, state: 'asking' });
    // Straight from the click: the browser asks the person only inside their gesture.
    requestWebmail(host).then(
      (ok) => setAsked({ host, state: ok ? 'granted' : 'refused' }),
      () => setAsked({ host, state: 'failed' }),
    );
  };

  return (
    <section class="m2k-webmail" data-testid="m2k-webmail" aria-labelledby="m2k-webmail-title">
      <h2 id="m2k-webmail-title">{t('opt_webmail_title')}</h2>
      <p class="m2k-hint">{t('opt_webmail_intro')}</p>
      <p class="m2k-hint" data-testid="m2k-webmail-known">
        {t('opt_webmail_known', KNOWN_WEBMAILS.join(t('wiz_list_sep')))}
      </p>
      {fromGmail && (
        <p class="m2k-notice" data-testid="m2k-webmail-from-gmail">
          {t('opt_webmail_from_gmail', fromGmail)}
        </p>
      )}
      <form class="m2k-find-form" onSubmit={allow}>
        <label for="m2k-webmail-host">{t('opt_webmail_host')}</label>
        <input
          id="m2k-webmail-host"
          data-testid="m2k-webmail-host"
          type="text"
          inputMode="url"
          placeholder="webmail.school.edu.tw"
          value={typed}
          onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" data-testid="m2k-webmail-allow">
          {t('opt_webmail_allow')}
        </button>
      </form>
      {asked && (
        <p
          class={asked.state === 'granted' ? 'm2k-hint' : asked.state === 'asking' ? 'm2k-hint' : 'm2k-error'}
          role="status"
          data-testid="m2k-webmail-asked"
          data-state={asked.state}
        >
          {t(`opt_webmail_${asked.state}`, asked.host)}
        </p>
      )}
      {allowed && allowed.length > 0 && (
        <ul data-testid="m2k-webmail-allowed">
          {allowed.map((host) => (
            <li key={host} data-host={host}>
              https://{host}/{' '}
              <button type="button" class="m2k-link" data-testid="m2k-webmail-remove" onClick={() => void removeWebmail(host)}>
                {t('opt_webmail_remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
