/**
 * Wires the probe bridge and the history recorder into the background (one call from
 * entrypoints/background.ts). Kept apart from native-bridge.ts so that file stays free of browser
 * globals.
 */
import { browser } from 'wxt/browser';
import { History, type HistoryRecord } from '@/utils/history/store';
import { MessageSchema } from '@/utils/messaging/messages';
import { servePagePort, type PortLike } from './native-bridge';

let history: Promise<History> | undefined;

/** Stores a record; when the connection was closed (a page rebuilt or upgraded the database) it reopens once. */
export const saveToHistory = async (record: HistoryRecord): Promise<number | undefined> => {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      history ??= History.open();
      return await (await history).add(record);
    } catch (e) {
      history = undefined;
      if (attempt === 1) console.warn('m2k: could not store the run in history:', (e as Error)?.name);
    }
  }
  return undefined;
};

const lastErrorMessage = (): string | undefined =>
  (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } }).chrome?.runtime?.lastError?.message;

export const registerProbe = (): void => {
  const deps = {
    connectNative: (name: string) => browser.runtime.connectNative(name) as unknown as PortLike,
    lastErrorMessage,
    saveRun: saveToHistory,
    extensionId: browser.runtime.id,
  };
  browser.runtime.onConnect.addListener((port) => servePagePort(deps, port as unknown as PortLike));
  // Audits are answered by the audit handler; here they are only copied into history (no reply).
  // probe:open (the Gmail panel's "check the connection" button) opens the popup page in a tab:
  // a content script cannot open the toolbar popup.
  browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string }) => {
    const msg = MessageSchema.safeParse(raw);
    if (!msg.success || sender.id !== browser.runtime.id) return undefined;
    if (msg.data.type === 'audit:save') void saveToHistory({ kind: 'audit', at: msg.data.audit.at, audit: msg.data.audit });
    if (msg.data.type === 'probe:open') return browser.tabs.create({ url: browser.runtime.getURL('/popup.html') }).then(() => ({ ok: true as const }));
    return undefined;
  });
};
