/**
 * The panel on Settings › Accounts and Import. Rendered by Preact inside an open shadow root (no
 * innerHTML anywhere: Gmail enforces Trusted Types). All texts come from the extension's locale.
 */
import { useState } from 'preact/hooks';
import type { Translate } from '@/utils/i18n/translate';
import { findingTexts } from '@/utils/audit/texts';
import { groupFindings, type PanelModel } from './model';
import { byPerson } from '@/utils/page/person';
import type { ManualItem } from '../manual';
import { ForwardStart, type ForwardOutcome } from './ForwardStart';

export type SetupOutcome = 'opening' | 'no-link' | 'failed';
/** "Check again" on an account: Gmail is checking (until its row changes), the problem is gone, or still there. */
export type CheckState = 'checking' | 'fixed' | 'still';

export interface PanelProps {
  model: PanelModel;
  t: Translate;
  onSetup: () => Promise<SetupOutcome>;
  /** The sanitized page structure for "Copy page structure"; absent when no snapshot is possible. */
  snapshot?: () => string;
  copy: (text: string) => Promise<boolean>;
  /** Opens the connection check (the popup page) in a tab; absent where that cannot be done. */
  onProbe?: () => void;
  /** Accounts whose row has Gmail's own "Check mail now". */
  checkable?: readonly string[];
  checks?: ReadonlyMap<string, CheckState>;
  /** Presses Gmail's "Check mail now" for the account and follows its row. */
  onCheckAgain?: (address: string) => void;
  /** Opens "Find my server" for the address in the options page ("Use these settings"). */
  onFind?: (address: string) => void;
  /** "Forward Mail2000 to this Gmail": opens the webmail with the forwarding intent. */
  onForward: (gmail: string) => Promise<ForwardOutcome>;
  /** Opens the options page where the person allows the assistant on a webmail. */
  onAllowWebmail: (host: string) => void;
  /** "Test forwarding": opens the test page bound to this Gmail tab. */
  onForwardTest: (gmail: string | null) => Promise<boolean>;
  /** This tab is looking in its inbox for a forwarding test's message. */
  forwardTestWatching?: boolean;
}

const STATE_TEXT = { closed: 'panel_closed', gone: 'panel_gone', unknown: 'panel_unknown', unreadable: 'panel_unreadable' } as const;

/** The settings to type by hand (the wizard's note has a copy button for each). */
export function ManualList({ items, t }: { items: ManualItem[]; t: Translate }) {
  return (
    <ul data-testid="m2k-manual">
      {items.map((m) => (
        <li key={m.key} data-testid="m2k-manual-row" data-key={m.key}>
          {m.name}: <code>{m.value}</code>
        </li>
      ))}
    </ul>
  );
}

export function Panel({
  model,
  t,
  onSetup,
  snapshot,
  copy,
  onProbe,
  checkable = [],
  checks,
  onCheckAgain,
  onFind,
  onForward,
  onAllowWebmail,
  onForwardTest,
  forwardTestWatching = false,
}: PanelProps) {
  const [setup, setSetup] = useState<SetupOutcome | 'busy' | null>(null);
  const [copied, setCopied] = useState<{ ok: boolean; text: string } | null>(null);
  const ctx = { host: model.imap?.host ?? '—', label: model.label, month: model.stopMonth };

  const start = async () => {
    setSetup('busy');
    setSetup(await onSetup().catch(() => 'failed' as const));
  };
  const copyStructure = async () => {
    if (!snapshot) return;
    const text = snapshot();
    setCopied({ ok: await copy(text).catch(() => false), text });
  };

  return (
    <div class="m2k" role="region" aria-label={t('panel_title')} data-testid="m2k-panel" data-state={model.state}>
      <h2>{t('panel_title')}</h2>

      <ForwardStart
        t={t}
        host={model.forward.host}
        gmail={model.forward.gmail}
        onForward={onForward}
        onAllow={onAllowWebmail}
        onTest={onForwardTest}
        watching={forwardTestWatching}
      />

      {model.state === 'available' ? (
        <>
          <p>{t('panel_available')}</p>
          {model.showRetirement && <p class="warn">{t('panel_available_late')}</p>}
          <p>
            <button
              type="button"
              class="secondary"
              data-testid="m2k-setup"
              disabled={setup === 'busy'}
              onClick={byPerson(() => void start())}
            >
              {t('panel_setup')}
            </button>
          </p>
          {setup && setup !== 'busy' && (
            <p class="note" data-testid="m2k-setup-status" data-outcome={setup}>
              {t(setup === 'opening' ? 'panel_setup_opening' : setup === 'no-link' ? 'panel_setup_no_link' : 'panel_setup_failed')}
            </p>
          )}
        </>
      ) : (
        <p class="warn" data-testid="m2k-state-text">
          {t(STATE_TEXT[model.state])}
        </p>
      )}

      {model.showRetirement && (
        <section data-testid="m2k-retirement">
          <p>
            {t('panel_announced', model.stopMonth)}{' '}
            <a href={model.sourceUrl} target="_blank" rel="noopener noreferrer">
              {t('panel_source')}
            </a>
          </p>
          <p data-testid="m2k-send-as-ends">{t('panel_send_as_ends', model.sendAsMonth)}</p>
          {model.countdowns.map((c) => (
            <p key={c.address} class="k" data-testid="m2k-countdown" data-days={c.days}>
              {c.over
                ? t('panel_countdown_over', [c.address, model.stopMonth])
                : t('panel_countdown', [c.address, c.days, model.stopMonth])}
            </p>
          ))}
          <h3>{t('panel_alternatives')}</h3>
          <ul>
            <li data-testid="m2k-alt-forward">
              <span class="k">{t('panel_forward_title')}</span>: {t('panel_forward_steps')}
            </li>
            {model.imap && (
              <li data-testid="m2k-alt-imap">
                <span class="k">{t('panel_imap_title')}</span>:{' '}
                {t('panel_imap_steps', [model.imap.host, model.imap.port, model.imap.user || t('panel_imap_user_unknown')])}
              </li>
            )}
          </ul>
        </section>
      )}

      {model.manual && <ManualList items={model.manual} t={t} />}

      {model.state !== 'unknown' && model.state !== 'unreadable' && (
        <section data-testid="m2k-findings" data-judged={String(model.findings !== null)}>
          <h3>{t('panel_findings')}</h3>
          {model.findings === null ? (
            model.unjudged && (
              <p class="warn" data-testid="m2k-unjudged">
                {t('panel_unjudged')}
              </p>
            )
          ) : model.findings.length === 0 ? (
            <p class="note">{t('panel_no_findings')}</p>
          ) : (
            <ul>
              {groupFindings(model.findings).map((f) => {
                const x = findingTexts(f.code, t, ctx);
                return (
                  <li
                    key={f.code}
                    class="finding"
                    data-testid="m2k-finding"
                    data-code={f.code}
                    data-severity={f.severity}
                    data-accounts={f.accounts.length}
                  >
                    <div class="k">
                      {x.title}
                      {f.accounts.length ? ` — ${f.accounts.join(', ')}` : ''}
                    </div>
                    <div>
                      {t('panel_cause')}: {x.cause}
                    </div>
                    <div>
                      {t('panel_fix')}: {x.fix}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {model.offers.map((o) => (
            <p key={o.address} data-testid="m2k-offer" data-account={o.address} data-host={o.host}>
              {t('panel_offer', [o.address, o.host])}{' '}
              {onFind && (
                <button type="button" class="secondary" data-testid="m2k-offer-use" onClick={byPerson(() => onFind(o.address))}>
                  {t('panel_offer_use')}
                </button>
              )}
            </p>
          ))}
          {onCheckAgain &&
            checkable
              .filter((a) => checks?.get(a) !== 'checking')
              .map((a) => (
                <button
                  key={a}
                  type="button"
                  class="secondary"
                  data-testid="m2k-check-again"
                  data-account={a}
                  onClick={byPerson(() => onCheckAgain(a))}
                >
                  {t('panel_check_again', a)}
                </button>
              ))}
          {[...(checks ?? [])].map(([a, c]) => (
            <p key={a} class="note" data-testid="m2k-check-result" data-account={a} data-check={c}>
              {t(`panel_check_${c}`, a)}
            </p>
          ))}
          {onProbe && (
            <p>
              <button type="button" class="secondary" data-testid="m2k-panel-probe" onClick={byPerson(() => onProbe())}>
                {t('panel_check_connection')}
              </button>
            </p>
          )}
        </section>
      )}

      {model.offerSnapshot && snapshot && (
        <section>
          <p class="note">{t('panel_copy_hint')}</p>
          <button type="button" class="secondary" data-testid="m2k-copy-structure" onClick={byPerson(() => void copyStructure())}>
            {t('panel_copy_structure')}
          </button>
          {copied && (
            <div data-testid="m2k-copy-status" data-ok={String(copied.ok)}>
              <p class="note">{t(copied.ok ? 'panel_copied' : 'panel_copy_manual')}</p>
              {!copied.ok && <textarea readOnly value={copied.text} />}
            </div>
          )}
        </section>
      )}
    </div>
  );
}
