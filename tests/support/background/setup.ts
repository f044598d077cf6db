/**
 * The background's setup handlers (entrypoints/background/setup-intent.ts) over an in-memory
 * storage area and a stand-in list of open tabs, reached through the real router as a content
 * script in a given tab would reach it: the browser's word on the sending tab is the only input
 * that decides, and here the test says it.
 */
import { createSetupIntentHandlers } from '@/entrypoints/background/setup-intent';
import { createTabIntents } from '@/entrypoints/background/tab-intents';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import type { SetupIntentApi } from '@/entrypoints/gmail-settings/wizard/binding';
import { memoryArea } from '../storage';

export const SELF = { id: 'ext', pagesOrigin: 'chrome-extension://ext/' };
const GMAIL = 'https://mail.google.com/mail/u/0/';

export function setupBackground(openTabs: number[] = [1, 2]) {
  let now = 1_000_000;
  const area = memoryArea();
  const intents = createTabIntents(area, () => now);
  const handlers = createSetupIntentHandlers(
    intents,
    async () => openTabs,
    () => now,
  ) as Handlers;
  const from =
    (tab: number, openerTabId?: number) =>
    (raw: unknown): Promise<unknown> =>
      dispatch(
        handlers,
        raw,
        { id: 'ext', url: GMAIL, tab: { id: tab, ...(openerTabId === undefined ? {} : { openerTabId }) } },
        SELF,
        () => {},
      );
  /** What the wizard in tab `tab` sees of the background (binding.ts's SetupIntentApi). */
  const apiFor = (tab: number, openerTabId?: number): SetupIntentApi => {
    const send = from(tab, openerTabId);
    return {
      get: async (claim) => ((await send({ type: 'setup-intent:get', claim })) as { setup: { asked: boolean } | null }).setup,
      ask: async () => void (await send({ type: 'setup-intent:ask' })),
      end: async () => void (await send({ type: 'setup-intent:end' })),
    };
  };
  return { area, intents, from, apiFor, tick: (ms: number) => (now += ms) };
}
