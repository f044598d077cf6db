// @vitest-environment happy-dom
// The panel when the row is found but cannot be read (says so, no audit, the settings by hand with
// copy buttons, the page structure), and when page script clicks its buttons (nothing happens).
import { afterEach, describe, expect, it } from 'vitest';
import { accountsPage } from '../support/gmail/accounts-pages';
import { loadFixture } from '../support/gmail/fixtures';
import { personClick } from '../support/person-click';
import { en, inPanel, startPanel } from '../support/gmail/panel-harness';
import { tick } from '../support/wait';

const all = inPanel;

function show(html: string): void {
  const src = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...Array.from(src.body.childNodes).map((n) => document.importNode(n, true)));
}

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  document.body.replaceChildren();
});

function start() {
  const started = startPanel({ waitMs: 50 });
  stop = started.stop;
  return started;
}

describe('row found, not readable', () => {
  it('says so, saves no audit, shows each setting to type by hand and offers the page structure', async () => {
    // The add link's text is not one we know and there are no accounts: nothing to read.
    show(
      accountsPage({ structure: 'nested', lang: 'en', accounts: 0, state: 'available' }).replace(
        '<span>Add a mail account</span>',
        '<span>Connect a mailbox</span>',
      ),
    );
    const { sent, copied } = start();
    await tick(20);
    expect(all('[data-testid="m2k-panel"]')[0]?.dataset.state).toBe('unreadable');
    expect(all('[data-testid="m2k-state-text"]')[0]?.textContent).toBe(en('panel_unreadable'));
    expect(sent.some((m) => m.type === 'audit:save')).toBe(false);
    expect(all('[data-testid="m2k-findings"]')).toHaveLength(0);
    const rows = all('[data-testid="m2k-manual-row"]');
    expect(rows.map((r) => r.dataset.key)).toEqual(['server', 'port', 'ssl', 'leaveCopy', 'label', 'username']);
    expect(rows[0]!.querySelector('code')!.textContent).toBe('mail.au.edu.tw');
    expect(all('[data-testid="m2k-copy-structure"]')).toHaveLength(1);
    personClick(all('[data-testid="m2k-copy-structure"]')[0]!);
    await tick();
    expect(copied).toHaveLength(1);
    expect(copied[0]).not.toContain('mail.au.edu.tw');
  });
});

describe('clicks made by page script', () => {
  it('do nothing: no intent, no link pressed, no copy', async () => {
    show(accountsPage({ structure: 'table', lang: 'en', accounts: 1, state: 'available' }));
    const { sent } = start();
    await tick(20);
    const setup = all('[data-testid="m2k-setup"]')[0]!;
    setup.click();
    setup.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await tick();
    expect(sent.some((m) => m.type === 'setup-intent:set')).toBe(false);
    expect(all('[data-testid="m2k-setup-status"]')).toHaveLength(0);
    personClick(setup);
    await tick();
    expect(sent.some((m) => m.type === 'setup-intent:set')).toBe(true);
  });
});

describe('"check again" on a finding', () => {
  const showFixture = (name: string) => {
    const src = loadFixture(name);
    document.body.replaceChildren(...Array.from(src.body.childNodes).map((n) => document.importNode(n, true)));
  };
  const statusCell = () =>
    Array.from(document.querySelectorAll('div')).find((d) => d.textContent?.startsWith('上次檢查時間') && d.children.length === 2)!;
  const gmailCheckNow = () =>
    Array.from(document.querySelectorAll<HTMLElement>('[role="link"]')).find((e) => e.textContent === '立即檢查郵件')!;

  it('presses Gmail\'s own "Check mail now" (found by its zh-TW text), follows the row, says "fixed"', async () => {
    showFixture('settings-available-zh-TW.html');
    const pressed: string[] = [];
    gmailCheckNow().addEventListener('click', () => pressed.push('click'));
    start();
    await tick(20);
    expect(all('[data-testid="m2k-finding"]').map((f) => f.dataset.code)).toContain('auth-denied');
    const again = all('[data-testid="m2k-check-again"]');
    expect(again.map((b) => b.dataset.account)).toEqual(['s1234567@mail.au.edu.tw']);
    // Page script pressing it does nothing.
    again[0]!.click();
    await tick();
    expect(pressed).toEqual([]);
    personClick(again[0]!);
    await tick();
    expect(pressed).toEqual(['click']);
    expect(all('[data-testid="m2k-check-result"]')[0]?.dataset.check).toBe('checking');
    expect(all('[data-testid="m2k-check-again"]')).toHaveLength(0);
    // Gmail rewrites the row after its check: no error any more.
    statusCell().firstChild!.textContent = '上次檢查時間：剛剛。已擷取 1 封郵件。 ';
    await tick(400);
    expect(all('[data-testid="m2k-check-result"]')[0]?.dataset.check).toBe('fixed');
    expect(all('[data-testid="m2k-finding"]').map((f) => f.dataset.code)).not.toContain('auth-denied');
    expect(all('[data-testid="m2k-check-again"]')).toHaveLength(0);
  });

  it('a new error after the check: "still", with the new finding shown', async () => {
    showFixture('settings-available-zh-TW.html');
    start();
    await tick(20);
    personClick(all('[data-testid="m2k-check-again"]')[0]!);
    await tick();
    statusCell().firstChild!.textContent = '上次檢查時間：剛剛。錯誤：連線逾時。 ';
    await tick(400);
    expect(all('[data-testid="m2k-check-result"]')[0]?.dataset.check).toBe('still');
    expect(all('[data-testid="m2k-check-again"]')).toHaveLength(1);
  });

  it('no "Check mail now" on the row: no button', async () => {
    showFixture('settings-available-zh-TW.html');
    gmailCheckNow().remove();
    start();
    await tick(20);
    expect(all('[data-testid="m2k-finding"]').length).toBeGreaterThan(0);
    expect(all('[data-testid="m2k-check-again"]')).toHaveLength(0);
  });
});
