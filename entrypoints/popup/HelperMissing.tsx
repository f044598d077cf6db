import { useEffect, useState } from 'preact/hooks';
import { snake, t } from '@/utils/i18n/translate';
import { HELPER_FILES, helperFilesFor, type HelperSystem, type HelperTarget } from '@/contract/release';
import type { HelperMissingReason } from '@/utils/messaging/probe-port';

declare const __M2K_HELPER_DOWNLOAD_URL__: string;
/** The release page (wxt.config.ts: package.json's repository, or M2K_HELPER_DOWNLOAD_URL at build time). */
const DOWNLOAD_URL = __M2K_HELPER_DOWNLOAD_URL__;

export type HelperProblem = HelperMissingReason | 'outdated';

interface Props {
  reason: HelperProblem;
  /** Builds the install command for a program name (only shown when one is needed). */
  command: (program: string) => string;
  /** The host needs `--allow`: the double-click install alone is not enough. */
  needsAllow: boolean;
  devProgram: string;
  versions?: { found: string; min: string };
  detail?: string;
}

type Platform = { os: string; arch: string };

/**
 * The two calls this state makes, on the browser's own API (MV3's `chrome` and Firefox's
 * `browser` both return promises for them; the popup carries no polyfill). `management.getSelf`
 * needs no permission.
 */
interface PlatformApi {
  runtime: { getPlatformInfo(): Promise<Platform> };
  management?: { getSelf(): Promise<{ installType: string }> };
}
const api = (): PlatformApi => {
  const g = globalThis as { browser?: PlatformApi; chrome?: PlatformApi };
  return (g.browser ?? g.chrome)!;
};

/**
 * Loaded from a checkout (unpacked in Chrome, temporary in Firefox): the developer's install
 * command is shown as well. A store install is `normal` (or `sideload` / `admin`).
 */
function useDeveloperBuild(): boolean {
  const [dev, setDev] = useState(false);
  useEffect(() => {
    let live = true;
    api()
      .management?.getSelf()
      .then((me) => live && setDev(me.installType === 'development'))
      .catch(() => {});
    return () => void (live = false);
  }, []);
  return dev;
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

function Steps({ system, file }: { system: HelperSystem; file: string }) {
  if (system === 'windows') {
    return (
      <ol data-testid="m2k-helper-steps" data-system="windows">
        <li>{t('popup_helper_win_run', [file])}</li>
        <li>{t('popup_helper_win_smartscreen')}</li>
        <li>{t('popup_helper_restart')}</li>
      </ol>
    );
  }
  if (system === 'macos') {
    return (
      <ol data-testid="m2k-helper-steps" data-system="macos">
        <li>
          {t('popup_helper_mac_chmod')}
          <pre>
            <code>{`chmod +x ~/Downloads/${file}`}</code>
          </pre>
        </li>
        <li>{t('popup_helper_mac_open', [file])}</li>
        <li>
          {t('popup_helper_mac_xattr')}
          <pre>
            <code>{`xattr -d com.apple.quarantine ~/Downloads/${file}\n~/Downloads/${file}`}</code>
          </pre>
        </li>
        <li>{t('popup_helper_restart')}</li>
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

/** No usable helper: say why, and how a person gets and installs it on this system. */
export function HelperMissing({ reason, command, needsAllow, devProgram, versions, detail }: Props) {
  const platform = usePlatform();
  const developer = useDeveloperBuild();
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const { system, targets } = helperFilesFor(platform ?? { os: 'unknown', arch: 'unknown' });
  const files = targets.map((x: HelperTarget) => HELPER_FILES[x]);
  const file = files[0]!;
  // The person's own command (the host needs --allow), else in a developer build the checkout's.
  const shown = needsAllow ? command(system === 'windows' ? `.\\${file}` : `./${file}`) : developer ? command(devProgram) : undefined;
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
  return (
    <section
      class="m2k-missing"
      data-testid="m2k-helper-missing"
      data-reason={reason}
      data-system={platform ? system : undefined}
      role="alert"
      aria-labelledby="m2k-missing-title"
    >
      <h2 id="m2k-missing-title">{title}</h2>
      <p>{reason === 'outdated' ? t('popup_helper_update') : t('popup_missing_howto')}</p>
      {platform && (
        <>
          <p data-testid="m2k-helper-download">
            {files.length > 1 ? t('popup_helper_download_mac_either') : t('popup_helper_download')}{' '}
            {files.map((f, i) => (
              <span key={f}>
                {i > 0 && ' / '}
                <a href={DOWNLOAD_URL} target="_blank" rel="noreferrer" data-testid="m2k-helper-file" data-file={f}>
                  {f}
                </a>
              </span>
            ))}
          </p>
          <Steps system={system} file={file} />
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
          <p>{needsAllow ? t('popup_helper_allow') : t('popup_helper_developer')}</p>
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
      {detail && <p class="m2k-detail">{detail}</p>}
    </section>
  );
}
