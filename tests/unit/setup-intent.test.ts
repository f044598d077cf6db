// The panel's setup, bound in the background to the tab of the window Gmail opens for it
// (entrypoints/background/setup-intent.ts on tab-intents.ts): which tab may claim it, for how
// long, and that nothing but the browser's word on the sending tab decides. Tabs and the browser's
// sender are stand-ins here; the real browsers: tests/e2e/wizard*.test.ts and wizard-forged-mark.test.ts.
import { describe, expect, it } from 'vitest';
import { createSetupIntentHandlers } from '@/entrypoints/background/setup-intent';
import { createTabIntents, TAB_INTENT_TTL_MS, TAB_INTENTS_KEY } from '@/entrypoints/background/tab-intents';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import { setupBackground as background, SELF } from '../support/background/setup';

const claim = { type: 'setup-intent:get', claim: true };
const ask = { type: 'setup-intent:get', claim: false };
const NONE = { setup: null };
const BOUND = { setup: { asked: false } };

describe('the setup bound to a tab', () => {
  it('"Set up" on Gmail tab 1; the new window (tab 3, opened by tab 1) claims it, and only it has it', async () => {
    const bg = background([1, 2]);
    expect(await bg.from(1)({ type: 'setup-intent:set' })).toEqual({ ok: true });
    expect(await bg.from(3, 1)(claim)).toEqual(BOUND);
    // Every later page of that window: its own tab's setup, without claiming.
    expect(await bg.from(3, 1)(ask)).toEqual(BOUND);
    // Another new window gets nothing: the pending setup was used up.
    expect(await bg.from(4, 1)(claim)).toEqual(NONE);
    expect(await bg.from(1)(ask)).toEqual(NONE);
    expect(await bg.from(3, 1)({ type: 'setup-intent:end' })).toEqual({ ok: true });
    expect(await bg.from(3, 1)(ask)).toEqual(NONE);
    expect(bg.area.data.has(TAB_INTENTS_KEY)).toBe(false);
  });

  it('a window without an opener tab (Firefox popups) may claim it when its tab is new since the press', async () => {
    const bg = background([1, 2]);
    await bg.from(1)({ type: 'setup-intent:set' });
    expect(await bg.from(3)(claim)).toEqual(BOUND);
  });

  it('refuses a tab opened by another tab, a tab that existed before the press, and the Gmail tab itself', async () => {
    const bg = background([1, 2]);
    await bg.from(1)({ type: 'setup-intent:set' });
    expect(await bg.from(5, 2)(claim)).toEqual(NONE);
    expect(await bg.from(2)(claim)).toEqual(NONE);
    expect(await bg.from(1)(claim)).toEqual(NONE);
    // Still there for the right window.
    expect(await bg.from(6, 1)(claim)).toEqual(BOUND);
  });

  it('without "Set up" no window has a setup, whatever it asks; "Fill Mail2000 settings" binds the window it was pressed in', async () => {
    const bg = background();
    expect(await bg.from(3, 1)(claim)).toEqual(NONE);
    expect(await bg.from(3, 1)({ type: 'setup-intent:ask' })).toEqual({ ok: true });
    expect(await bg.from(3, 1)(ask)).toEqual({ setup: { asked: true } });
    expect(await bg.from(4, 1)(ask)).toEqual(NONE);
  });

  it('two windows claiming at the same moment: one gets it', async () => {
    const bg = background([1]);
    await bg.from(1)({ type: 'setup-intent:set' });
    const replies = await Promise.all([bg.from(3)(claim), bg.from(4)(claim), bg.from(5)(claim)]);
    expect(replies.filter((r) => JSON.stringify(r) === JSON.stringify(BOUND))).toHaveLength(1);
  });

  it('a pending setup lives 5 minutes, a bound one 30; a closed tab ends its setup at once', async () => {
    const bg = background([1]);
    await bg.from(1)({ type: 'setup-intent:set' });
    bg.tick(TAB_INTENT_TTL_MS['setup-pending'] + 1);
    expect(await bg.from(3)(claim)).toEqual(NONE);

    await bg.from(1)({ type: 'setup-intent:set' });
    expect(await bg.from(3)(claim)).toEqual(BOUND);
    bg.tick(TAB_INTENT_TTL_MS.setup);
    expect(await bg.from(3)(ask)).toEqual(BOUND);
    bg.tick(1);
    expect(await bg.from(3)(ask)).toEqual(NONE);

    await bg.from(1)({ type: 'setup-intent:set' });
    expect(await bg.from(7)(claim)).toEqual(BOUND);
    await bg.intents.tabClosed(7);
    expect(await bg.from(7)(ask)).toEqual(NONE);
  });

  it('is refused from anything but a tab, and ignores junk in storage', async () => {
    const bg = background();
    const handlers = createSetupIntentHandlers(createTabIntents(bg.area), async () => []) as Handlers;
    const fromPage = await dispatch(
      handlers,
      { type: 'setup-intent:set' },
      { id: 'ext', url: 'chrome-extension://ext/popup.html' },
      SELF,
      () => {},
    );
    expect(fromPage).toEqual({ refused: { reason: 'handler-failed', detail: expect.stringContaining('NotFromATab') } });
    bg.area.data.set(TAB_INTENTS_KEY, [
      { kind: 'setup', at: 'yesterday', tab: 3, asked: true },
      'junk',
      { kind: 'setup', at: 1_000_000, tab: 4, asked: true },
    ]);
    expect(await bg.from(3)(ask)).toEqual(NONE);
    expect(await bg.from(4)(ask)).toEqual({ setup: { asked: true } });
  });
});
