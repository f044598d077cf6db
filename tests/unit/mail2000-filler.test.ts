// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://mail.au.edu.tw/cgi-bin/forward"}
// Filling each auto-forward variant: forwarding on, the Gmail address added (the others kept), keep
// a copy on, no end date; every other field of the page exactly as it was, the security code and
// the form never touched, nothing submitted.
import { describe, expect, it } from 'vitest';
import { readForwardPage, readSettings } from '@/entrypoints/mail2000.content/reader';
import { fillForward } from '@/entrypoints/mail2000.content/filler';
import { FILLED_FORMS, GMAIL, formState, loadWebmail } from '../support/mail2000/fixtures';

/** Fills the fixture with the Gmail address; what changed, and what the reader sees afterwards. */
function fill(name: string) {
  loadWebmail(name);
  let submits = 0;
  document.addEventListener('submit', (e) => {
    submits++;
    e.preventDefault();
  });
  const before = formState();
  const page = readForwardPage(document)!;
  const result = fillForward(page, GMAIL);
  const after = formState();
  const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
  return { result, changed, after, settings: readSettings(readForwardPage(document)!), submits };
}

const WANTED = { enabled: true, keepCopy: true, endDate: null };

describe('fillForward', () => {
  it('forward.zh-TW.html: on, the address, keep a copy, no limit; the note field and crumb untouched', () => {
    const { result, changed, after, settings, submits } = fill('forward.zh-TW.html');
    expect(changed).toEqual({ fw_on: true, fw_to: GMAIL, fw_keep: true, fw_limit: false });
    expect(after).toEqual(FILLED_FORMS['forward.zh-TW.html']);
    expect(settings).toEqual({ ...WANTED, targets: [GMAIL] });
    expect(result).toEqual({ applied: ['enable', 'target', 'keepCopy', 'limit'], kept: [], notApplied: [], targetsFull: false });
    expect(submits).toBe(0);
  });

  it('forward.en.html: the address in the first free box, the old one kept; the interval untouched', () => {
    const { result, changed, after, settings } = fill('forward.en.html');
    expect(changed).toEqual({ addr2: GMAIL, keep: true });
    expect(after).toEqual(FILLED_FORMS['forward.en.html']);
    expect(settings).toEqual({ ...WANTED, targets: ['old.address@example.org', GMAIL] });
    expect(result.kept).toEqual(['enable', 'limit']);
  });

  it('forward-list.zh-TW.html: the address on a new line of the list; radios switched; the date lists left as they are', () => {
    const { changed, after, settings } = fill('forward-list.zh-TW.html');
    // The radios switched, the address on a line of its own; the year/month/day lists as they were.
    expect(Object.keys(changed)).toEqual(['on=1', 'on=0', 'list', 'bk=1', 'bk=0', 'lim=0', 'lim=1']);
    expect(after).toEqual(FILLED_FORMS['forward-list.zh-TW.html']);
    expect(settings).toEqual({ ...WANTED, targets: ['assistant@dept.example.edu.tw', GMAIL] });
  });

  it('forward-code.zh-TW.html: the security code field stays empty and untouched', () => {
    const { changed } = fill('forward-code.zh-TW.html');
    expect(changed).toEqual({ fw_on: true, fw_to: GMAIL });
    expect((document.querySelector('input[name=sec_code]') as HTMLInputElement).value).toBe('');
  });

  it('an address already there is not added twice', () => {
    loadWebmail('forward.en.html');
    (document.getElementById('t3') as HTMLInputElement).value = GMAIL.toUpperCase();
    const r = fillForward(readForwardPage(document)!, GMAIL);
    expect(r.kept).toContain('target');
    expect((document.getElementById('t2') as HTMLInputElement).value).toBe('');
  });

  it('every box taken by other addresses: says so, keeps them all', () => {
    loadWebmail('forward.en.html');
    (document.getElementById('t2') as HTMLInputElement).value = 'b@example.org';
    (document.getElementById('t3') as HTMLInputElement).value = 'c@example.org';
    const r = fillForward(readForwardPage(document)!, GMAIL);
    expect(r).toMatchObject({ notApplied: ['target'], targetsFull: true });
    expect(readSettings(readForwardPage(document)!).targets).toEqual(['old.address@example.org', 'b@example.org', 'c@example.org']);
  });
});
