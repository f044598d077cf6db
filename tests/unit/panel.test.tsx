// @vitest-environment happy-dom
// The panel controller on our fixture pages in happy-dom: what is mounted where, what is sent to
// the background, and that it leaves nothing behind. (Real Chromium: tests/e2e/panel.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { PANEL_HOST_ATTR, type PanelDeps } from '@/entrypoints/gmail-settings/panel/mount';
import { buildPanelModel, groupFindings } from '@/entrypoints/gmail-settings/panel/model';
import type { Profile } from '@/utils/profile/schema';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import { SETTINGS_FIXTURE_STATES, loadFixture, parseFixture, readFixture, settingsFixtures } from '../support/gmail/fixtures';
import { personClick } from '../support/person-click';
import { NOW, PROFILE, en, inPanel, startPanel } from '../support/gmail/panel-harness';
import { tick } from '../support/wait';

/** Puts a fixture's body into happy-dom's document (the controller works on the live document). */
function show(name: string, expandTemplates = true): void {
  const src = expandTemplates ? loadFixture(name) : parseFixture(name);
  document.body.replaceChildren(...Array.from(src.body.childNodes).map((n) => document.importNode(n, true)));
}

const panel = () =>
  document.querySelector(`[${PANEL_HOST_ATTR}]`)?.shadowRoot?.querySelector<HTMLElement>('[data-testid="m2k-panel"]') ?? null;
const all = inPanel;

let stops: Array<() => void> = [];
afterEach(() => {
  for (const s of stops) s();
  stops = [];
  document.body.replaceChildren();
});

function start(over: Partial<PanelDeps> = {}, profile: Profile | null = PROFILE) {
  const started = startPanel(over, profile);
  stops.push(started.stop);
  return started;
}

describe('startAccountsPanel', () => {
  it.each(SETTINGS_FIXTURE_STATES)('%s: mounts with data-state=%s and saves the audit', async (name, state) => {
    show(name);
    const { sent } = start();
    await tick();
    expect(panel()?.dataset.state).toBe(state);
    const saves = sent.filter((m) => m.type === 'audit:save');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.type === 'audit:save' && saves[0]!.read.pageState).toBe(state);
  });

  it('sits in the fetch row, beside the accounts and the link', async () => {
    show('settings-available-en.html');
    start();
    await tick();
    const host = document.querySelector(`[${PANEL_HOST_ATTR}]`)!;
    expect(host.closest('tr')?.textContent).toContain('Check mail from other accounts');
  });

  it('shows a finding with its code for every error row', async () => {
    show('settings-errors-en.html');
    start();
    await tick();
    expect(all('[data-testid="m2k-finding"]').map((e) => e.dataset.code)).toEqual([
      'auth-denied',
      'dns',
      'ssl-mismatch',
      'wrong-port',
      'imap-port',
      'pop-retiring',
    ]);
    // One entry per code; the four Mail2000 fetchers share the retirement notice.
    expect(all('[data-testid="m2k-finding"][data-code="pop-retiring"]')[0]!.dataset.accounts).toBe('4');
    expect(all('[data-testid="m2k-countdown"]').map((e) => e.dataset.days)).toEqual(['36', '36', '36', '36']);
    expect(all('[data-testid="m2k-countdown"]')[0]!.textContent).toBe(
      'd01@mail.au.edu.tw: Gmail stops fetching in 36 days (January 2027).',
    );
    expect(all('[data-testid="m2k-send-as-ends"]')[0]!.textContent).toContain('January 2027');
  });

  it("setup: asks the background to remember the intent, then presses Gmail's link", async () => {
    show('settings-available-en.html');
    const order: string[] = [];
    const link = Array.from(document.querySelectorAll('[role="link"]')).find((e) => e.textContent === 'Add a mail account')!;
    link.addEventListener('mousedown', () => order.push('mousedown'));
    link.addEventListener('click', () => order.push('click'));
    const { sent } = start({
      send: async (m) => {
        order.push(m.type);
        return { ok: true };
      },
    });
    await tick();
    personClick(all('[data-testid="m2k-setup"]')[0]!);
    await tick();
    expect(order.filter((x) => x !== 'audit:save')).toEqual(['setup-intent:set', 'mousedown', 'click']);
    expect(all('[data-testid="m2k-setup-status"]')[0]?.dataset.outcome).toBe('opening');
    void sent;
  });

  it("follows Gmail changing a row's text (a new error after a check)", async () => {
    show('settings-closed-en.html');
    start();
    await tick();
    expect(all('[data-testid="m2k-finding"]').map((e) => e.dataset.code)).not.toContain('auth-denied');
    const cell = Array.from(document.querySelectorAll('td')).find((td) => td.textContent?.startsWith('Last checked: 3 minutes ago'))!;
    (cell.firstChild as Text).data = 'Last checked: 1 minute ago. Error: Server denied POP3 access for the given username and password. ';
    await tick(300);
    expect(all('[data-testid="m2k-finding"]').map((e) => e.dataset.code)).toContain('auth-denied');
  });

  it("shows the background's findings for the read, and none before it answered", async () => {
    show('settings-available-en.html');
    let answer: (reply: unknown) => void = () => undefined;
    start({
      send: (m) => (m.type === 'audit:save' ? new Promise((r) => (answer = r)) : Promise.resolve({ ok: true })),
    });
    await tick();
    expect(all('[data-testid="m2k-findings"]')[0]!.dataset.judged).toBe('false');
    expect(all('[data-testid="m2k-findings"]')[0]!.textContent).not.toContain('No problems');
    answer({
      ok: true,
      audit: {
        at: NOW,
        pageState: 'available',
        accounts: [],
        findings: [{ code: 'network', severity: 'error', evidence: 'pop3s 995: tcp ETIMEDOUT' }],
      },
      offers: [],
    });
    await tick(10);
    expect(all('[data-testid="m2k-findings"]')[0]!.dataset.judged).toBe('true');
    expect(all('[data-testid="m2k-finding"]').map((e) => e.dataset.code)).toEqual(['network']);
  });

  it('a malformed reply to audit:save shows no findings and says the settings could not be checked', async () => {
    show('settings-available-en.html');
    const lines: string[] = [];
    start({
      send: async (m) =>
        m.type === 'audit:save' ? { ok: true, audit: { findings: [{ code: 'made-up', severity: 'error' }] } } : { ok: true },
      log: (line) => lines.push(line),
    });
    await tick();
    await tick(10);
    expect(all('[data-testid="m2k-finding"]')).toHaveLength(0);
    expect(all('[data-testid="m2k-unjudged"]')[0]!.textContent).toContain('could not be checked');
    expect(lines).toHaveLength(1);
  });

  it('a refused audit or connection-check request is written to the console with its reason, not dropped', async () => {
    show('settings-available-en.html');
    const lines: string[] = [];
    start({
      send: async (m) =>
        m.type === 'audit:save' || m.type === 'probe:open'
          ? { refused: { reason: 'bad-request', detail: `${m.type} at read.accounts.0.address` } }
          : { ok: true },
      log: (line) => lines.push(line),
    });
    await tick();
    await tick(10);
    expect(lines).toEqual([expect.stringMatching(/audit:save: refused: bad-request: audit:save at read\.accounts\.0\.address/)]);
    expect(all('[data-testid="m2k-unjudged"]')).toHaveLength(1);
    personClick(all('[data-testid="m2k-panel-probe"]')[0]!);
    await tick(10);
    expect(lines[1]).toMatch(/probe:open: refused/);
  });

  it("a fetch account on another known Mail2000 site offers that site's settings: Find my server for the address", async () => {
    show('settings-closed-en.html');
    const row = Array.from(document.querySelectorAll('td')).find((td) => td.textContent?.startsWith('Last checked: 3 minutes ago'))!;
    const { sent } = start();
    await tick();
    await tick(10);
    expect(all('[data-testid="m2k-offer"]')).toHaveLength(0);
    const before = sent.length;
    // The same page with one more account, on mail.nutn.edu.tw (a known Mail2000 site).
    (row.firstChild as Text).data = 'Last checked: 3 minutes ago. bob@mail.nutn.edu.tw ';
    await tick(300);
    await tick(10);
    expect(sent.length).toBeGreaterThan(before);
    const offers = all('[data-testid="m2k-offer"]');
    expect(offers.map((o) => [o.dataset.account, o.dataset.host])).toEqual([['bob@mail.nutn.edu.tw', 'mail.nutn.edu.tw']]);
    expect(offers[0]!.textContent).toContain("another school's Mail2000 server, mail.nutn.edu.tw");
    personClick(all('[data-testid="m2k-offer-use"]')[0]!);
    await tick(10);
    expect(sent.filter((m) => m.type === 'find:open')).toEqual([{ type: 'find:open', address: 'bob@mail.nutn.edu.tw' }]);
  });

  it("setup without Gmail's link any more says so and records no intent", async () => {
    show('settings-available-en.html');
    const { sent } = start();
    await tick();
    Array.from(document.querySelectorAll('[role="link"]'))
      .find((e) => e.textContent === 'Add a mail account')!
      .remove();
    personClick(all('[data-testid="m2k-setup"]')[0]!);
    await tick();
    expect(sent.some((m) => m.type === 'setup-intent:set')).toBe(false);
    expect(all('[data-testid="m2k-setup-status"]')[0]?.dataset.outcome).toBe('no-link');
  });

  it('waits for Gmail to render the settings, then mounts', async () => {
    show('settings-available-zh-TW.html', false);
    start();
    await tick(20);
    expect(panel()).toBeNull();
    const main = document.querySelector('[role="main"]')!;
    main.replaceChildren(document.importNode((document.querySelector('template') as HTMLTemplateElement).content, true));
    await tick(300);
    expect(panel()?.dataset.state).toBe('available');
  });

  it('not understood: says so after waiting and offers a structure without private data', async () => {
    show('settings-empty.html');
    const { copied, sent } = start();
    await tick(20);
    expect(panel()).toBeNull();
    await tick(150);
    expect(panel()?.dataset.state).toBe('unknown');
    expect(sent.some((m) => m.type === 'audit:save')).toBe(false);
    personClick(all('[data-testid="m2k-copy-structure"]')[0]!);
    await tick();
    expect(copied).toHaveLength(1);
    expect(copied[0]).not.toMatch(/quinn@example\.com|draft text|Lunch on Friday/);
  });

  it("without a profile still judges Gmail's own texts", async () => {
    show('settings-closed-en.html');
    start({}, null);
    await tick();
    expect(panel()?.dataset.state).toBe('closed');
    expect(all('[data-testid="m2k-finding"]').map((e) => e.dataset.code)).toContain('no-uidl');
    expect(all('[data-testid="m2k-alt-imap"]')).toHaveLength(0);
  });

  it('stop removes everything and re-renders no more', async () => {
    show('settings-available-en.html');
    const { stop, sent } = start();
    await tick();
    stop();
    expect(document.querySelector(`[${PANEL_HOST_ATTR}]`)).toBeNull();
    const n = sent.length;
    document.querySelector('[role="main"]')!.append(document.createElement('div'));
    await tick(300);
    expect(document.querySelector(`[${PANEL_HOST_ATTR}]`)).toBeNull();
    expect(sent.length).toBe(n);
  });
});

describe('groupFindings', () => {
  it('one entry per code with its accounts, in first-seen order', () => {
    expect(
      groupFindings([
        { code: 'network', severity: 'error', account: 'a@x.tw' },
        { code: 'pop-retiring', severity: 'warn', account: 'a@x.tw' },
        { code: 'network', severity: 'error', account: 'b@x.tw' },
        { code: 'pop-retiring', severity: 'warn', account: 'b@x.tw' },
        { code: 'no-label', severity: 'info' },
      ]),
    ).toEqual([
      { code: 'network', severity: 'error', accounts: ['a@x.tw', 'b@x.tw'] },
      { code: 'pop-retiring', severity: 'warn', accounts: ['a@x.tw', 'b@x.tw'] },
      { code: 'no-label', severity: 'info', accounts: [] },
    ]);
  });
});

describe('buildPanelModel', () => {
  const read = { state: 'available' as const, accounts: [], notice: null };
  it("tells of the retirement on an available page only after Google's first date", () => {
    expect(buildPanelModel(read, PROFILE, Date.parse('2026-03-01T00:00:00Z'), 'en').showRetirement).toBe(false);
    expect(buildPanelModel(read, PROFILE, NOW, 'en').showRetirement).toBe(true);
    expect(buildPanelModel({ ...read, state: 'closed' }, PROFILE, Date.parse('2026-03-01T00:00:00Z'), 'en').showRetirement).toBe(true);
  });
  it("offers IMAP with the profile's server, port and username", () => {
    expect(buildPanelModel(read, PROFILE, NOW, 'en').imap).toEqual({ host: 'mail.au.edu.tw', port: 993, user: 's1234567' });
    expect(buildPanelModel(read, PROFILE, NOW, 'zh_TW').stopMonth).toMatch(/2027/);
    expect(buildPanelModel(read, PROFILE, NOW, 'en').sendAsMonth).toBe('January 2027');
  });
  it('offers the page structure when something is missing', () => {
    expect(buildPanelModel({ ...read, state: 'gone' }, PROFILE, NOW, 'en').offerSnapshot).toBe(true);
    expect(buildPanelModel({ ...read, state: 'closed', notice: null }, PROFILE, NOW, 'en').offerSnapshot).toBe(true);
    expect(buildPanelModel({ ...read, state: 'closed', notice: 'no longer' }, PROFILE, NOW, 'en').offerSnapshot).toBe(false);
    expect(buildPanelModel(read, PROFILE, NOW, 'en').offerSnapshot).toBe(false);
  });
});

describe('snapshot of the settings fixtures', () => {
  it.each(settingsFixtures())('%s: no address, value, status or error text', (name) => {
    const doc = loadFixture(name);
    const snap = snapshotStructure(doc.body);
    const html = readFixture(name);
    for (const m of html.matchAll(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)) expect(snap).not.toContain(m[0]);
    for (const v of Array.from(doc.querySelectorAll('input'))
      .map((i) => i.getAttribute('value'))
      .filter(Boolean))
      expect(snap).not.toContain(v);
    for (const secret of [
      'Server denied',
      'unable to locate',
      '伺服器拒絕',
      '連線逾時',
      'minutes ago',
      '分鐘前',
      'Lunch on Friday',
      'secret-token-123',
      'Alice Chen',
      '陳同學',
    ]) {
      expect(snap).not.toContain(secret);
    }
  });
});
