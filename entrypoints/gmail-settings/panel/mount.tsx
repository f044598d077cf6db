/**
 * Runs the panel while the person is on Settings › Accounts and Import: reads the page, places the
 * panel beside the "Check mail from other accounts" row, keeps it current while Gmail re-renders,
 * and has the background judge what it read (the findings, kept for the popup too). Started and
 * stopped by the content script entry on route changes; the observer and timers exist only between
 * start and stop.
 */
import { render } from 'preact';
import { readAccountsPage, type AccountsPageRead } from './reader';
import type { Profile } from '@/utils/profile/schema';
import { createSend, type Transport } from '@/utils/messaging/send';
import type { Translate } from '@/utils/i18n/translate';
import type { Finding, SiteOffer } from '@/utils/audit/schema';
import { buildPanelModel, readOf } from './model';
import { Panel, type CheckState, type SetupOutcome } from './Panel';
import type { ForwardOutcome } from './ForwardStart';
import { gmailAddressOf } from '@/utils/forward/address';
import { PANEL_CSS } from './styles';
import { shadowHost } from '@/utils/page/shadow-host';

export interface PanelDeps {
  doc: Document;
  t: Translate;
  lang: 'en' | 'zh_TW';
  now: () => number;
  /** The profile to show and audit with (null when the background cannot give it). */
  loadProfile: () => Promise<Profile | null>;
  /** Calls back when the profile is saved elsewhere (the options page); returns the unsubscribe. */
  watchProfile?: (cb: () => void) => () => void;
  /** runtime.sendMessage; replies are checked against the message table here. */
  send: Transport;
  snapshot?: (root: Element) => string;
  copy: (text: string) => Promise<boolean>;
  /** How long to wait for Gmail to render the settings before saying the page is not understood. */
  waitMs?: number;
  /** Calls back when this tab starts or stops looking for a forwarding test's message; returns the unsubscribe. */
  watchForwardTest?: (cb: (watching: boolean) => void) => () => void;
  /** Where a message the background refused or did not answer is reported (the page's console). */
  log?: (line: string) => void;
}

export const PANEL_HOST_ATTR = 'data-m2k-panel-host';
/** Re-reading the page after Gmail changes it: at most this often. */
const REREAD_MS = 200;

/** Clicks Gmail's own link the way a person does: Gmail's handlers may listen to any of these. */
function pressLikeAPerson(el: HTMLElement): void {
  const win = el.ownerDocument.defaultView;
  const opts = { bubbles: true, cancelable: true, composed: true, view: win, button: 0 };
  el.dispatchEvent(new MouseEvent('mousedown', opts));
  el.dispatchEvent(new MouseEvent('mouseup', opts));
  el.click();
}

export function startAccountsPanel(deps: PanelDeps): () => void {
  const { doc } = deps;
  // A refused or unanswered message changes nothing on the panel, but is never dropped unsaid.
  const warn = (e: unknown): void => (deps.log ?? console.warn)(`m2k: ${(e as Error)?.message ?? String(e)}`);
  const send = createSend(deps.send);
  const { host, root: shadow } = shadowHost(doc, 'div', PANEL_CSS);
  host.setAttribute(PANEL_HOST_ATTR, '');
  const mountPoint = doc.createElement('div');
  shadow.append(mountPoint);

  /** undefined until the background answered: nothing is shown before (a round trip of a few ms). */
  let profile: Profile | null | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitTimer: ReturnType<typeof setTimeout> | undefined;
  let waitedOut = false;
  let lastSent = '';
  /** The background's judgement of the read with this key: its findings, and the offers of other sites' settings. */
  let judged: { key: string; findings: Finding[] | null; offers: SiteOffer[] } | null = null;
  let lastRead: ReturnType<typeof readAccountsPage> | null = null;
  /** This tab is looking for a forwarding test's message (feed-watch.ts). */
  let testWatching = false;

  const readOpts = () => ({
    ...(profile ? { host: profile.host, profileAddress: profile.address } : { host: '' }),
    heading: lastRead?.heading ?? null,
  });

  const place = (read: AccountsPageRead): void => {
    const p = read.placement;
    if (p && 'into' in p) {
      if (host.parentElement !== p.into || host !== p.into.lastElementChild) p.into.append(host);
    } else if (p && 'before' in p) {
      if (host.nextElementSibling !== p.before) p.before.before(host);
    } else if (p && 'after' in p) {
      if (host.previousElementSibling !== p.after) p.after.after(host);
    } else {
      const main = doc.querySelector('[role="main"]') ?? doc.body;
      if (host.parentElement !== main) main.prepend(host);
    }
  };

  const onSetup = async (): Promise<SetupOutcome> => {
    const link = readAccountsPage(doc, readOpts()).addLink;
    if (!link) return 'no-link';
    try {
      await send('setup-intent:set');
    } catch {
      return 'failed';
    }
    pressLikeAPerson(link);
    return 'opening';
  };

  const onForward = async (gmail: string): Promise<ForwardOutcome> => {
    try {
      const r = await send('forward:start', { gmail });
      return { outcome: r.assisted ? 'opening' : 'not-assisted', host: r.host };
    } catch (e) {
      warn(e);
      return { outcome: 'failed' };
    }
  };

  /** Accounts whose "check again" runs or ran: the row's status when Gmail's link was pressed. */
  const checks = new Map<string, { before: string; state: CheckState }>();

  const onCheckAgain = (address: string): void => {
    const link = lastRead?.checkNow.get(address);
    const before = lastRead?.accounts.find((a) => a.address === address)?.status;
    if (!link?.isConnected || before === undefined) return;
    checks.set(address, { before, state: 'checking' });
    pressLikeAPerson(link);
    refresh();
  };

  const refresh = (): void => {
    timer = undefined;
    if (stopped || profile === undefined) return;
    const read = readAccountsPage(doc, readOpts());
    lastRead = read;
    // Gmail renders settings after the route changes: wait a little before calling it "unknown".
    if (read.state === 'unknown' && !waitedOut) return;
    place(read);
    const now = deps.now();
    const own = buildPanelModel(read, profile, now, deps.lang, deps.t, gmailAddressOf(doc));
    const pageRead = readOf(read, now);
    const key = pageRead ? JSON.stringify({ ...pageRead, at: 0 }) : '';
    // The findings shown are the background's for this very read; none (not "no problems") before.
    const model =
      judged && judged.key === key ? { ...own, findings: judged.findings, offers: judged.offers, unjudged: judged.findings === null } : own;
    // A row Gmail has rewritten since "check again": the new finding, or none ("fixed").
    for (const [address, c] of checks) {
      const account = read.accounts.find((a) => a.address === address);
      if (c.state === 'checking' && account && account.status !== c.before) c.state = account.error ? 'still' : 'fixed';
    }
    render(
      <Panel
        model={model}
        t={deps.t}
        onSetup={onSetup}
        copy={deps.copy}
        onProbe={() => void send('probe:open').catch(warn)}
        onFind={(address) => void send('find:open', { address }).catch(warn)}
        onForward={onForward}
        onAllowWebmail={(host) => void send('webmail:allow', { host }).catch(warn)}
        onForwardTest={(gmail) =>
          send('forward-test:open', { gmail }).then(
            () => true,
            (e: unknown) => (warn(e), false),
          )
        }
        // Offered where Gmail's row reports an error and has its own "Check mail now".
        checkable={read.accounts.filter((a) => a.error && read.checkNow.has(a.address)).map((a) => a.address)}
        checks={new Map([...checks].map(([a, c]) => [a, c.state]))}
        forwardTestWatching={testWatching}
        onCheckAgain={onCheckAgain}
        {...(deps.snapshot ? { snapshot: () => deps.snapshot!(doc.body) } : {})}
      />,
      mountPoint,
    );
    if (pageRead && key !== lastSent) {
      lastSent = key;
      send('audit:save', { read: pageRead }).then(
        (reply) => {
          if (stopped || lastSent !== key) return;
          judged = { key, findings: reply.audit.findings, offers: reply.offers };
          refresh();
        },
        (e: unknown) => {
          warn(e);
          if (stopped || lastSent !== key) return;
          // Unjudged is said, not shown as "no problems found".
          judged = { key, findings: null, offers: [] };
          refresh();
        },
      );
    }
  };

  const schedule = (): void => {
    if (!stopped && timer === undefined) timer = setTimeout(refresh, REREAD_MS);
  };

  // Our own host moving is not news; Gmail's changes anywhere else may be (rows, late rendering).
  const onlyOurs = (r: MutationRecord): boolean => {
    if (r.target === host || host.contains(r.target)) return true;
    const nodes = [...r.addedNodes, ...r.removedNodes];
    return nodes.length > 0 && nodes.every((n) => n === host);
  };
  const observer = new MutationObserver((records) => {
    if (!records.every(onlyOurs)) schedule();
  });
  observer.observe(doc.body, { childList: true, subtree: true, characterData: true });
  waitTimer = setTimeout(() => {
    waitedOut = true;
    if (lastRead?.state === 'unknown') refresh();
  }, deps.waitMs ?? 8000);

  const load = (): void =>
    void deps
      .loadProfile()
      .then(
        (p) => p,
        () => null,
      )
      .then((p) => {
        if (stopped) return;
        profile = p;
        refresh();
      });
  load();
  // Settings saved in the options page ("Use these settings") show here without a reload.
  const unwatch = deps.watchProfile?.(load);
  const unwatchTest = deps.watchForwardTest?.((watching) => {
    testWatching = watching;
    refresh();
  });

  return () => {
    stopped = true;
    unwatch?.();
    unwatchTest?.();
    observer.disconnect();
    clearTimeout(timer);
    clearTimeout(waitTimer);
    render(null, mountPoint);
    host.remove();
  };
}
