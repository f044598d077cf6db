/**
 * The background as a Transport for send.ts: `runtime.sendMessage` on the browser's own object
 * (`wxt/browser`; docs/architecture.md, "Budgets").
 */
import { browser } from 'wxt/browser';
import type { Message } from './messages';

/** runtime.sendMessage as a Transport for send.ts. */
export const sendToBackground = (m: Message): Promise<unknown> => browser.runtime.sendMessage(m);
