/**
 * The pages' run ports (the probe's, the discovery's) served by one set of rules, so no port can
 * differ from the others in who may connect, what a bad start is told or how the browser's run
 * slot is taken and freed; what differs between them is a PortService.
 */
import type { RunFailure } from '@/utils/messaging/run-port';
import type { BridgeDeps, PortLike } from './bridge-deps';

/** What differs between the pages' ports: the probe's and the discovery's. */
export interface PortService<S, M> {
  name: string;
  /** In the log ("probe" → "probe port refused", "probe refused"). */
  label: string;
  /** What a refused content script is told is served only to the extension's own pages. */
  served: string;
  parseStart(raw: unknown): { success: true; data: S } | { success: false; error: { issues: Array<{ message: string }> } };
  isFinal(m: M): boolean;
  /** Whether the run counts as a login test for the rate limit. */
  testsLogin(start: S): boolean;
  relay(start: S, send: (m: M) => void): void;
}

/**
 * Serves one page port: validates the start message, runs, relays, closes. Only this extension's
 * own pages may connect (a content script runs inside a web page, which must not be able to drive
 * the helper); a refused port or start is told why, and the reason is logged. Every port shares the
 * browser-wide run slot, freed by the run's final message whether or not the page still listens.
 */
export function servePort<S, M>(
  deps: Pick<BridgeDeps, 'extensionId' | 'pagesOrigin' | 'limits' | 'log'>,
  port: PortLike,
  svc: PortService<S, M>,
): void {
  if (port.name !== svc.name) return;
  const log = deps.log ?? console.warn;
  const url = port.sender?.url ?? '';
  if (port.sender?.id !== deps.extensionId || !url.startsWith(deps.pagesOrigin)) {
    log(
      `m2k: ${svc.label} port refused (sender): ${port.sender?.id === deps.extensionId ? url || 'no URL' : `extension ${port.sender?.id ?? 'unknown'}`}`,
    );
    // Another extension hears nothing; our own content script hears why.
    if (port.sender?.id === deps.extensionId) {
      port.postMessage({
        type: 'error',
        reason: 'bad-request',
        detail: `${svc.served} is served only to the extension's own pages`,
      } satisfies RunFailure);
    }
    port.disconnect();
    return;
  }
  let open = true;
  let started = false;
  port.onDisconnect.addListener(() => {
    // The page closed: the run goes on (a probe is still stored), nobody is told.
    open = false;
  });
  port.onMessage.addListener((raw) => {
    if (started) return;
    const parsed = svc.parseStart(raw);
    if (!parsed.success) {
      port.postMessage({
        type: 'error',
        reason: 'bad-request',
        detail: parsed.error.issues[0]?.message ?? 'bad request',
      } satisfies RunFailure);
      return;
    }
    started = true;
    const refused = deps.limits.acquire(svc.testsLogin(parsed.data));
    if (refused) {
      log(`m2k: ${svc.label} refused (${refused.reason}): ${refused.detail}`);
      if (!open) return;
      open = false;
      port.postMessage({ type: 'error', reason: refused.reason, detail: refused.detail } satisfies RunFailure);
      port.disconnect();
      return;
    }
    svc.relay(parsed.data, (m) => {
      if (svc.isFinal(m)) deps.limits.release();
      if (!open) return;
      port.postMessage(m);
      if (svc.isFinal(m)) {
        open = false;
        port.disconnect();
      }
    });
  });
}
