/**
 * What the background's bridges to the native host take from the browser, as plain interfaces:
 * the bridges stay free of browser globals, so unit tests hand them stand-in ports, and only the
 * wiring (probe.ts, forward-test-browser.ts) knows the browser's own.
 */
import type { HistoryRecord } from '@/utils/history/records';
import type { RunLimits } from './run-limits';

/** The part of a runtime.Port we use, so both browsers' ports (and the tests' stand-ins) fit. */
export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: (port: PortLike) => void): void };
  /** Firefox puts the reason of a disconnect here. */
  error?: { message?: string } | null;
  /** Who connected: for a page port, its extension id and the URL of the page or tab (and the tab, for a page in one). */
  sender?: { id?: string; url?: string; tab?: unknown };
}

export interface BridgeDeps {
  connectNative(name: string): PortLike;
  /** Chrome's reason for the last disconnect (chrome.runtime.lastError), read inside onDisconnect. */
  lastErrorMessage(): string | undefined;
  saveRun(record: HistoryRecord): Promise<number | undefined>;
  extensionId: string;
  /** runtime.getURL('/'): the probe port is served only to pages under it (not to content scripts). */
  pagesOrigin: string;
  /** One run at a time, a few login tests a minute: shared by every port of this browser. */
  limits: RunLimits;
  /** Where refusals are written (the background's console), each with its reason. */
  log?: (line: string) => void;
  deadlineMs?: number;
  helloTimeoutMs?: number;
}
