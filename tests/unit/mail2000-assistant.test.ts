// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://mail.au.edu.tw/cgi-bin/start"}
// The forwarding assistant's decisions on the fixture pages, in happy-dom: the browser side (the
// background's intent, its judgement, the clipboard) is replaced by recorders here, with the real
// rules judging; the real browsers run the same pages in tests/e2e/forward*.test.ts.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAssistant, type AssistantDeps } from '@/entrypoints/mail2000.content/assistant';
import { forwardFindings } from '@/utils/forward/rules';
import type { ForwardRead } from '@/utils/forward/schema';
import { createTranslator, type LocaleEntry } from '@/utils/i18n/translate';
import { pageStructure } from '@/utils/page/structure';
import { MAIL2000_KNOWN } from '@/utils/mail2000/labels';
import { GMAIL, loadWebmail, readWebmailFixture, EXISTING_END } from '../support/mail2000/fixtures';

const en = createTranslator(JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, LocaleEntry>);
const NOW = Date.parse('2026-12-02T08:00:00Z');

/** Every run of a test is stopped after it: they all watch the one window the tests share. */
const running: AbortController[] = [];
afterEach(() => {
  for (const ac of running.splice(0)) ac.abort();
});

/** Runs the assistant on the current document; what it sent, copied and showed. */
function start(intent: { gmail: string; filled: boolean } | null, over: Partial<AssistantDeps> = {}) {
  const reads: ForwardRead[] = [];
  const progress: string[] = [];
  const copied: string[] = [];
  const ac = new AbortController();
  running.push(ac);
  void runAssistant({
    win: window,
    t: en,
    now: () => NOW,
    copy: async (s) => (copied.push(s), true),
    signal: ac.signal,
    intent: async () => intent,
    audit: async (read) => (reads.push(read), forwardFindings(read, intent?.gmail ?? null, NOW)),
    progress: async (s) => void progress.push(s),
    timing: { settleMs: 5, quietMs: 300 },
    ...over,
  });
  return { reads, progress, copied, stop: () => ac.abort() };
}

/** A page whose frame is replaced every 5 ms until `churn` is cleared; `loads()` counts the replacements. */
function churningFrame() {
  document.open();
  document.write('<!doctype html><html><body><iframe name="main" srcdoc="<p></p>"></iframe></body></html>');
  document.close();
  const frame = document.querySelector('iframe')!;
  let n = 0;
  const churn = setInterval(() => (frame.srcdoc = `<p>page ${++n}</p>`), 5);
  return { frame, churn, loads: () => n };
}

/** The note's parts, in whichever document of the tab it is. */
const note = (doc: Document = document) => {
  const root = doc.querySelector('m2k-forward-note')?.shadowRoot;
  const q = (s: string) => Array.from(root?.querySelectorAll<HTMLElement>(s) ?? []);
  return {
    state: q('[data-testid="m2k-forward-status"]')[0]?.dataset.state ?? null,
    message: q('[data-testid="m2k-forward-status"]')[0]?.textContent ?? '',
    findings: q('[data-testid="m2k-forward-finding"]').map((f) => f.dataset.code),
    manual: Object.fromEntries(
      q('[data-testid="m2k-forward-manual-row"]').map((r) => [r.dataset.key, r.querySelector('code')?.textContent]),
    ),
    details: q('li:not([data-testid])').map((l) => l.textContent),
    button: (id: string) => q(`[data-testid="${id}"]`)[0],
  };
};

const value = (name: string) => (document.querySelector(`[name="${name}"]`) as HTMLInputElement).value;
const checked = (name: string) => (document.querySelector(`[name="${name}"]`) as HTMLInputElement).checked;

describe('in the tab the Gmail panel opened', () => {
  it('fills the settings, puts the cursor on Save, says what it filled, and shows what was wrong before', async () => {
    loadWebmail('forward.zh-TW.html');
    const run = start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(note().findings.length).toBeGreaterThan(0));
    expect(note().state).toBe('filled');
    expect(note().message).toBe(en('fwd_filled', '儲存'));
    expect([checked('fw_on'), value('fw_to'), checked('fw_keep'), checked('fw_limit'), value('memo')]).toEqual([
      true,
      GMAIL,
      true,
      false,
      '辦公室用',
    ]);
    expect((document.activeElement as HTMLInputElement).value).toBe('儲存');
    expect(run.progress).toEqual(['filled']);
    expect(run.reads).toEqual([{ at: NOW, site: 'mail.au.edu.tw', enabled: false, targets: [], keepCopy: false, endDate: '2026-06-30' }]);
    expect(note().findings).toEqual(['forward-off']);
    expect(note().manual).toEqual({ enable: 'on', target: GMAIL, keepCopy: 'on', limit: 'off' });
    await note().button('m2k-forward-manual-copy')?.click();
    run.stop();
    expect(document.querySelector('m2k-forward-note')).toBeNull();
  });

  it('a page asking for the security code: filled, the cursor in the code field, which only the person types', async () => {
    loadWebmail('forward-code.zh-TW.html');
    const run = start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(note().state).toBe('code'));
    expect(note().message).toBe(en('fwd_code', '儲存設定'));
    expect((document.activeElement as HTMLInputElement).name).toBe('sec_code');
    expect(value('sec_code')).toBe('');
    run.stop();
  });

  it('forwarding already in place: saved, nothing touched', async () => {
    loadWebmail('forward.en.html');
    (document.getElementById('t2') as HTMLInputElement).value = GMAIL;
    (document.querySelector('[name=keep]') as HTMLInputElement).checked = true;
    const run = start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(note().state).toBe('saved'));
    expect(note().message).toBe(en('fwd_saved', GMAIL));
    expect(run.progress).toEqual(['saved']);
    await vi.waitFor(() => expect(note().findings).toEqual(['forward-many']));
  });

  it('after the person saved, the answer page: saved', async () => {
    loadWebmail('saved.zh-TW.html');
    const run = start({ gmail: GMAIL, filled: true });
    await vi.waitFor(() => expect(note().state).toBe('saved'));
    expect(run.progress).toEqual(['saved']);
  });

  it('the login page: says to log in; the password field is never read', async () => {
    loadWebmail('login.html');
    const pw = document.querySelector<HTMLInputElement>('input[type=password]')!;
    let reads = 0;
    Object.defineProperty(pw, 'value', { get: () => (reads++, ''), set: () => undefined });
    start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(note().state).toBe('login'));
    expect(note().message).toBe(en('fwd_login', GMAIL));
    expect(reads).toBe(0);
    expect(document.activeElement).not.toBe(pw);
  });

  it('a page it cannot read: once quiet, the steps by hand, each with a copy button, and the page structure without values', async () => {
    loadWebmail('forward-unreadable.html');
    (document.querySelector('[name=a2]') as HTMLInputElement).value = 'private@example.org';
    const run = start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(note().state).toBe('unknown'));
    expect(note().manual).toEqual({ enable: 'on', target: GMAIL, keepCopy: 'on', limit: 'off' });
    expect(note().details).toEqual([en('fwd_steps_menu'), en('fwd_steps_save')]);
    note().button('m2k-forward-copy-structure')!.click();
    expect(run.copied).toEqual([]); // a click by the page's script (untrusted) does nothing
    expect(value('a2')).toBe('private@example.org');
    // What "Copy page structure" copies: the shape and the page's own words, not what is typed in it.
    const structure = pageStructure(document.body, { texts: MAIL2000_KNOWN, rows: true });
    expect(structure).toContain('input[type=text]');
    expect(structure).toContain('"儲存"');
    expect(structure).not.toContain('private');
    expect(run.progress).toEqual([]);
  });

  it('a page it cannot read is not loaded again from the menu: a link to the page already open is not followed', async () => {
    loadWebmail('forward-unreadable.html');
    const clicks: string[] = [];
    const link = (href: string) => {
      const a = document.body.appendChild(document.createElement('a'));
      a.href = href;
      a.textContent = '信件自動轉寄';
      a.addEventListener('click', (e) => (e.preventDefault(), clicks.push(a.href)));
      return a;
    };
    const here = link(location.href);
    const first = start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(note().state).toBe('unknown'));
    expect(clicks).toEqual([]);
    first.stop();
    // The same menu entry pointing at another page is followed (here nothing loads, so again at each scan).
    here.remove();
    const other = link('/cgi-bin/forward?m=other').href;
    start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(clicks.length).toBeGreaterThan(0));
    expect(new Set(clicks)).toEqual(new Set([other]));
  });

  it('the settings in a frame of the page: found there, filled there, the note in that frame', async () => {
    document.open();
    document.write('<!doctype html><html><body><iframe name="main" width="600" height="400" srcdoc="<p></p>"></iframe></body></html>');
    document.close();
    const frame = document.querySelector('iframe')!;
    frame.srcdoc = readWebmailFixture('forward.zh-TW.html');
    start({ gmail: GMAIL, filled: false });
    await vi.waitFor(() => expect(note(frame.contentDocument!).state).toBe('filled'));
    expect((frame.contentDocument!.querySelector('[name=fw_to]') as HTMLInputElement).value).toBe(GMAIL);
    expect(note().state).toBeNull();
  });

  it('a page that keeps replacing its frame: gives up within its bounds, and says so', async () => {
    const { frame, loads, churn } = churningFrame();
    try {
      start({ gmail: GMAIL, filled: false }, { timing: { settleMs: 5, quietMs: 60_000, frameLoads: 15 } });
      await vi.waitFor(() => expect(note().state).toBe('unknown'), { timeout: 5000 });
      expect(note().details[0]).toBe(en('fwd_unknown_changing'));
      const loadsAtStop = loads();
      await new Promise((r) => setTimeout(r, 200));
      // Still the same note: nothing more is read once given up.
      expect(note().state).toBe('unknown');
      expect(loadsAtStop).toBeLessThan(100);
    } finally {
      clearInterval(churn);
    }
  });
});

describe('in a tab the panel did not open', () => {
  it('fills nothing: shows what is set and its findings, and how to start from Gmail', async () => {
    loadWebmail('forward-existing.zh-TW.html', EXISTING_END);
    const run = start(null);
    await vi.waitFor(() => expect(note().findings.length).toBeGreaterThan(0));
    expect(note().state).toBe('offer');
    expect(note().findings).toEqual(['forward-no-copy', 'forward-ending']);
    expect([checked('fw_on'), value('fw_to'), checked('fw_keep'), checked('fw_limit')]).toEqual([
      true,
      'someone.else@example.org',
      false,
      true,
    ]);
    expect(run.progress).toEqual([]);
    expect(run.reads).toHaveLength(1);
  });

  it('a page that keeps replacing its frame is given up on here too: nothing is read after that', async () => {
    const { frame, loads, churn } = churningFrame();
    start(null, { timing: { settleMs: 5, quietMs: 60_000, frameLoads: 15 } });
    await vi.waitFor(() => expect(loads()).toBeGreaterThan(40), { timeout: 5000 });
    clearInterval(churn);
    // The auto-forward page shows up only now: a tab that gave up does not look at it.
    frame.srcdoc = readWebmailFixture('forward-existing.zh-TW.html', EXISTING_END);
    await new Promise((r) => setTimeout(r, 300));
    expect(frame.contentDocument!.querySelector('[name=fw_to]')).not.toBeNull();
    expect(note(frame.contentDocument!).state).toBeNull();
  });

  it('shows nothing on the login page or a page it cannot read', async () => {
    loadWebmail('login.html');
    start(null, { timing: { settleMs: 5, quietMs: 50 } });
    await new Promise((r) => setTimeout(r, 150));
    expect(document.querySelector('m2k-forward-note')).toBeNull();
    loadWebmail('forward-unreadable.html');
    start(null, { timing: { settleMs: 5, quietMs: 50 } });
    await new Promise((r) => setTimeout(r, 150));
    expect(document.querySelector('m2k-forward-note')).toBeNull();
  });
});
