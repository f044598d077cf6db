/**
 * The browser's own runtime API for pages with a size budget (popup, content script): MV3's
 * `chrome.runtime` and Firefox's `browser.runtime` both return promises for what is used here, so
 * these pages need neither the polyfill nor `wxt/browser` (docs/architecture.md, "Budgets").
 */
import type { Message } from './messages';

export interface RuntimeApi {
  runtime: {
    connect(info: { name: string }): {
      postMessage(m: unknown): void;
      disconnect(): void;
      onMessage: { addListener(cb: (m: unknown) => void): void };
      onDisconnect: { addListener(cb: () => void): void };
    };
    sendMessage(m: Message): Promise<unknown>;
    openOptionsPage(): Promise<void>;
    getURL(path: string): string;
  };
}

export const runtimeApi = (): RuntimeApi => {
  const g = globalThis as { browser?: RuntimeApi; chrome?: RuntimeApi };
  return (g.browser ?? g.chrome)!;
};

/** runtime.sendMessage as a Transport for send.ts. */
export const sendToBackground = (m: Message): Promise<unknown> => runtimeApi().runtime.sendMessage(m);
