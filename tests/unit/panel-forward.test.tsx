// @vitest-environment happy-dom
// The panel's first action, "Forward Mail2000 to this Gmail", on every Accounts and Import fixture:
// it leads in every state, knows this tab's Gmail address from the page, lets the person correct
// it, refuses what is not an address before anything is opened, and says what happened. The
// background's answers are stand-ins here; the real one: tests/e2e/forward*.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '@/utils/messaging/messages';
import { SETTINGS_FIXTURE_STATES, loadFixture } from '../support/gmail/fixtures';
import { personClick } from '../support/person-click';
import { en, inPanel, startPanel } from '../support/gmail/panel-harness';

const GMAIL = 'tester.m2k@gmail.com';
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function show(name: string, title = `Settings - ${GMAIL} - Gmail`): void {
  const src = loadFixture(name);
  document.body.replaceChildren(...Array.from(src.body.childNodes).map((n) => document.importNode(n, true)));
  document.title = title;
}

let stops: Array<() => void> = [];
afterEach(() => {
  for (const s of stops) s();
  stops = [];
  document.body.replaceChildren();
});

/** The panel with a background that answers forward:start with `reply` (or fails to answer). */
function start(reply: unknown = { ok: true, host: 'mail.au.edu.tw', assisted: true }) {
  const sent: Message[] = [];
  const { stop } = startPanel({
    send: async (m) => {
      sent.push(m);
      if (m.type === 'forward:start') {
        if (reply instanceof Error) throw reply;
        return reply;
      }
      return { ok: true };
    },
  });
  stops.push(stop);
  return sent;
}

const one = (sel: string) => inPanel(sel)[0]!;
const type = (text: string) => {
  const input = one('[data-testid="m2k-forward-address"]') as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const forwards = (sent: Message[]) => sent.filter((m) => m.type === 'forward:start');

describe('"Forward Mail2000 to this Gmail"', () => {
  it.each(SETTINGS_FIXTURE_STATES)('%s (%s): the first action, with the address read from the page', async (name) => {
    show(name);
    start();
    await tick();
    const buttons = inPanel('button');
    expect(buttons[0]?.dataset.testid).toBe('m2k-forward-start');
    expect(buttons[0]?.textContent).toBe('Forward Mail2000 to this Gmail');
    const input = one('[data-testid="m2k-forward-address"]') as HTMLInputElement;
    expect(input.value).toBe(GMAIL);
    expect(input.dataset.fromPage).toBe('true');
  });

  it('a page not understood (after waiting): still the first action', async () => {
    show('settings-empty.html');
    start();
    await tick(150);
    expect(one('[data-testid="m2k-panel"]').dataset.state).toBe('unknown');
    expect(inPanel('button')[0]?.dataset.testid).toBe('m2k-forward-start');
  });

  it('the POP setup stays the next action after forwarding (and its test) while Gmail offers it', async () => {
    show('settings-available-en.html');
    start();
    await tick();
    expect(
      inPanel('button')
        .map((b) => b.dataset.testid)
        .slice(0, 3),
    ).toEqual(['m2k-forward-start', 'm2k-forward-test-start', 'm2k-setup']);
  });

  it.each(SETTINGS_FIXTURE_STATES)('%s (%s): "Test forwarding" next to the forward start', async (name) => {
    show(name);
    const sent = start();
    await tick();
    const buttons = inPanel('button');
    expect(buttons[1]?.dataset.testid).toBe('m2k-forward-test-start');
    expect(buttons[1]?.textContent).toBe(en('panel_forward_test'));
    personClick(buttons[1]!);
    await tick();
    expect(sent.filter((m) => m.type === 'forward-test:open')).toEqual([{ type: 'forward-test:open', gmail: GMAIL }]);
    expect(one('[data-testid="m2k-forward-test-status"]').dataset.outcome).toBe('opening');
  });

  it('"Test forwarding" with a box that holds no address: opens the test, naming no address', async () => {
    show('settings-gone-en.html');
    const sent = start();
    await tick();
    type('a@gmail.com\r\nBcc: x@evil.example');
    await tick();
    personClick(one('[data-testid="m2k-forward-test-start"]'));
    await tick();
    expect(sent.filter((m) => m.type === 'forward-test:open')).toEqual([{ type: 'forward-test:open', gmail: null }]);
  });

  it('sends the address; says the webmail opened', async () => {
    show('settings-gone-en.html');
    const sent = start();
    await tick();
    personClick(one('[data-testid="m2k-forward-start"]'));
    await tick();
    expect(forwards(sent)).toEqual([{ type: 'forward:start', gmail: GMAIL }]);
    const outcome = one('[data-testid="m2k-forward-outcome"]');
    expect(outcome.dataset.outcome).toBe('opening');
    expect(outcome.textContent).toBe(en('panel_forward_opening', 'mail.au.edu.tw'));
  });

  it('a corrected address is the one sent', async () => {
    show('settings-closed-en.html');
    const sent = start();
    await tick();
    type('  s1234567@au.edu.tw ');
    await tick();
    personClick(one('[data-testid="m2k-forward-start"]'));
    await tick();
    expect(forwards(sent)).toEqual([{ type: 'forward:start', gmail: 's1234567@au.edu.tw' }]);
  });

  it.each([
    ['not an address', 'invalid'],
    // The box drops line breaks as browsers do; what is left is no address.
    ['a@gmail.com\r\nBcc: x@evil.example', 'invalid'],
    ['', 'empty'],
  ])('%j: says why, opens nothing', async (text, problem) => {
    show('settings-gone-en.html');
    const sent = start();
    await tick();
    type(text);
    await tick();
    personClick(one('[data-testid="m2k-forward-start"]'));
    await tick();
    expect(forwards(sent)).toEqual([]);
    expect(one('[data-testid="m2k-forward-problem"]').dataset.problem).toBe(problem);
    expect(one('[data-testid="m2k-forward-address"]').getAttribute('aria-invalid')).toBe('true');
  });

  it('no address on the page: an empty box to type into', async () => {
    show('settings-gone-en.html', 'Gmail');
    start();
    await tick();
    expect((one('[data-testid="m2k-forward-address"]') as HTMLInputElement).value).toBe('');
    expect(one('[data-testid="m2k-forward"]').textContent).toContain(en('panel_forward_address_type'));
  });

  it('a webmail the assistant may not run on yet: says so and offers to allow it', async () => {
    show('settings-gone-en.html');
    const sent = start({ ok: true, host: 'webmail.school.example', assisted: false });
    await tick();
    personClick(one('[data-testid="m2k-forward-start"]'));
    await tick();
    expect(one('[data-testid="m2k-forward-outcome"]').dataset.outcome).toBe('not-assisted');
    personClick(one('[data-testid="m2k-forward-allow"]'));
    await tick();
    expect(sent.filter((m) => m.type === 'webmail:allow')).toEqual([{ type: 'webmail:allow', host: 'webmail.school.example' }]);
  });

  it('no answer from the background: says so', async () => {
    show('settings-gone-en.html');
    start(new Error('Could not establish connection'));
    await tick();
    personClick(one('[data-testid="m2k-forward-start"]'));
    await tick();
    expect(one('[data-testid="m2k-forward-outcome"]').dataset.outcome).toBe('failed');
  });

  it("a click by the page's own script does nothing", async () => {
    show('settings-gone-en.html');
    const sent = start();
    await tick();
    one('[data-testid="m2k-forward-start"]').click();
    await tick();
    expect(forwards(sent)).toEqual([]);
  });
});
