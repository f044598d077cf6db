/**
 * "No usable helper": why, and the next step for this person, on this system, for this kind of
 * install. Shared by the popup's connection check and the options page's "Find my server".
 *
 * - The file named is the one to download for this system (the installer package on Windows, a zip
 *   on macOS that keeps the program runnable, the program on Linux), with steps for that system:
 *   on Windows and macOS the steps need no command.
 * - A development checkout (`installType` `development`: unpacked in Chrome, temporary in Firefox) also
 *   gets the checkout's install command. A store or policy install never does.
 * - A policy install (`admin`) is told that IT can install the helper for everyone, and a server the
 *   helper does not allow is IT's to add; a store install gets the one command that allows it.
 * - The browser's own words ("Specified native messaging host not found.") are only a detail under
 *   our translated title.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { snake, t } from '@/utils/i18n/translate';
import { HELPER_DOWNLOADS, HELPER_PROGRAMS, helperFilesFor, type HelperSystem } from '@/contract/release';
import type { HelperMissingReason } from '@/utils/messaging/run-port';

declare const __M2K_HELPER_DOWNLOAD_URL__: string;
/** The release page (wxt.config.ts: package.json's repository, or M2K_HELPER_DOWNLOAD_URL at build time). */
const DOWNLOAD_URL = __M2K_HELPER_DOWNLOAD_URL__;

export type HelperProblem = HelperMissingReason | 'outdated';

/** How this extension was installed, as the browser says (management.getSelf, no permission needed). */
export type InstallKind = 'development' | 'admin' | 'store';

type Platform = { os: string; arch: string };

/**
 * The two calls this state makes, on the browser's own object (`wxt/browser`: MV3's `chrome` and
 * Firefox's `browser` both return promises for them). `management` may be missing.
 */
const api = () => browser as Omit<typeof browser, 'management'> & { management?: typeof browser.management };

/** `development`: loaded from a checkout; `admin`: installed by a policy; anything else came from a store (or a file). */
export const installKindOf = (installType: string | undefined): InstallKind =>
  installType === 'development' ? 'development' : installType === 'admin' ? 'admin' : 'store';

/** Undefined until the browser answers; a browser that cannot say is treated as a store install. */
function useInstallKind(): InstallKind | undefined {
  const [kind, setKind] = useState<InstallKind>();
  useEffect(() => {
    let live = true;
    const self = api().management?.getSelf();
    if (!self) setKind('store');
    else
      self.then(
        (me) => live && setKind(installKindOf(me.installType)),
        () => live && setKind('store'),
      );
    return () => void (live = false);
  }, []);
  return kind;
}

/** The system this browser runs on, as the browser reports it (undefined until it answers). */
function usePlatform(): Platform | undefined {
  const [info, setInfo] = useState<Platform>();
  useEffect(() => {
    let live = true;
    api()
      .runtime.getPlatformInfo()
      .then(
        (p) => live && setInfo({ os: p.os, arch: p.arch }),
        () => live && setInfo({ os: 'unknown', arch: 'unknown' }),
      );
    return () => void (live = false);
  }, []);
  return info;
}

const FileLink = ({ file }: { file: string }) => (
  <a href={DOWNLOAD_URL} target="_blank" rel="noreferrer" data-testid="m2k-helper-file" data-file={file}>
    {file}
  </a>
);

function Steps({ system, file }: { system: HelperSystem; file: string }) {
  if (system === 'windows') {
    return (
      <ol data-testid="m2k-helper-steps" data-system="windows">
        <li>{t('popup_helper_win_msi', [file])}</li>
        <li>{t('popup_helper_win_smartscreen_msi')}</li>
        <li>{t('popup_helper_restart_after')}</li>
      </ol>
    );
  }
  if (system === 'macos') {
    return (
      <ol data-testid="m2k-helper-steps" data-system="macos">
        <li>{t('popup_helper_mac_double_click', [file.replace(/\.zip$/, ''), file])}</li>
        <li>
          {t('popup_helper_mac_gatekeeper')}
          <figure class="m2k-figure" data-testid="m2k-helper-mac-figure">
            <img src="/help/macos-open-anyway.svg" width="300" height="180" alt={t('popup_helper_mac_figure_alt')} />
            <figcaption>{t('popup_helper_mac_figure_caption')}</figcaption>
          </figure>
        </li>
        <li>{t('popup_helper_mac_result')}</li>
      </ol>
    );
  }
  return (
    <ol data-testid="m2k-helper-steps" data-system="linux">
      <li>
        {t('popup_helper_linux_run')}
        <pre>
          <code>{`chmod +x ~/Downloads/${file}\n~/Downloads/${file}`}</code>
        </pre>
      </li>
      <li>{t('popup_helper_restart')}</li>
    </ol>
  );
}

const VERIFY: Record<HelperSystem, (file: string) => string> = {
  windows: (f) => `certutil -hashfile %USERPROFILE%\\Downloads\\${f} SHA256`,
  macos: (f) => `shasum -a 256 ~/Downloads/${f}`,
  linux: (f) => `sha256sum ~/Downloads/${f}`,
};

interface Props {
  reason: HelperProblem;
  /** The install command for a program name (shown only when one is needed). */
  command: (program: string) => string;
  /** The host needs `--allow`: installing alone is not enough. */
  needsAllow: boolean;
  /** How a development checkout runs the helper it was built with. */
  devProgram: string;
  /** The mail server the helper must allow, named to IT staff. */
  host: string;
  versions?: { found: string; min: string };
  /** The browser's or the helper's own words, shown only as a detail. */
  detail?: string;
  /** `h2` in the popup, `h3` inside the options page's section. */
  heading?: 'h2' | 'h3';
}

export function HelperSetup({ reason, command, needsAllow, devProgram, host, versions, detail, heading = 'h2' }: Props) {
  const platform = usePlatform();
  const kind = useInstallKind();
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const { system, targets } = helperFilesFor(platform ?? { os: 'unknown', arch: 'unknown' });
  const downloads = targets.map((x) => HELPER_DOWNLOADS[x]);
  const file = downloads[0]!;
  const program = HELPER_PROGRAMS[targets[0]!];
  // A server the helper does not allow: the person's own command (the program, from the download
  // folder), unless an organisation manages this install. A checkout gets its own command.
  const shown =
    kind === 'development'
      ? command(devProgram)
      : needsAllow && kind === 'store'
        ? command(system === 'windows' ? `.\\${program}` : `./${program}`)
        : undefined;
  const copy = async () => {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  const title =
    reason === 'outdated' && versions ? t('popup_missing_outdated', [versions.found, versions.min]) : t(`popup_missing_${snake(reason)}`);
  const Heading = heading;
  return (
    <section
      class="m2k-missing"
      data-testid="m2k-helper-missing"
      data-reason={reason}
      data-system={platform ? system : undefined}
      data-install={kind}
      role="alert"
      aria-labelledby="m2k-missing-title"
    >
      <Heading id="m2k-missing-title">{title}</Heading>
      {detail && (
        <details class="m2k-detail" data-testid="m2k-helper-detail">
          <summary>{t('popup_helper_detail')}</summary>
          <code>{detail}</code>
        </details>
      )}
      {kind === 'admin' && (
        <p data-testid="m2k-helper-admin">{needsAllow ? t('popup_helper_admin_allow', [host]) : t('popup_helper_admin')}</p>
      )}
      <p>{reason === 'outdated' ? t('popup_helper_update') : t('popup_missing_howto')}</p>
      {platform && (
        <>
          <p data-testid="m2k-helper-download">
            {downloads.length > 1 ? t('popup_helper_download_mac_either') : t('popup_helper_download')}{' '}
            {downloads.map((f, i) => (
              <span key={f}>
                {i > 0 && ' / '}
                <FileLink file={f} />
              </span>
            ))}
          </p>
          <Steps system={system} file={file} />
          {system === 'windows' && (
            <p class="m2k-hint" data-testid="m2k-helper-alternative">
              {t('popup_helper_win_exe_instead')} <FileLink file={program} />
            </p>
          )}
          <details class="m2k-verify" data-testid="m2k-helper-verify">
            <summary>{t('popup_helper_verify')}</summary>
            <p>{t('popup_helper_verify_how')}</p>
            <pre>
              <code>{VERIFY[system](file)}</code>
            </pre>
          </details>
        </>
      )}
      {shown && (
        <>
          <p>{kind === 'development' ? t('popup_helper_developer') : t('popup_helper_allow')}</p>
          <pre>
            <code data-testid="m2k-install-command">{shown}</code>
          </pre>
          <button type="button" data-testid="m2k-copy-install" onClick={copy}>
            {t('popup_copy')}
          </button>
          <span role="status" class="m2k-copied">
            {copied === 'yes' ? t('common_copied') : copied === 'no' ? t('popup_copy_failed') : ''}
          </span>
        </>
      )}
    </section>
  );
}
