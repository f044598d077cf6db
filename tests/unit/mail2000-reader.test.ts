// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://mail.au.edu.tw/cgi-bin/forward"}
// The webmail reader on each fixture variant (tests/fixtures/mail2000): it finds the auto-forward
// settings by their words in tables, labels and radio groups, in zh-TW and en, reads what they hold,
// and takes nothing else for them: not a message's "轉寄", not a mail subject, not a page without
// readable labels. Login and security-code fields are found, never read.
import { describe, expect, it } from 'vitest';
import {
  codeField,
  loginPassword,
  menuLinks,
  parseDay,
  readForwardPage,
  readSettings,
  saysSaved,
} from '@/entrypoints/mail2000.content/reader';
import { FORWARD_VARIANTS, loadWebmail } from '../support/mail2000/fixtures';

const attr = (el: Element | null | undefined, name = 'name') => el?.getAttribute(name) ?? null;

describe('the auto-forward page', () => {
  it.each(Object.entries(FORWARD_VARIANTS))('%s: found, and read as it is', (name, expected) => {
    const doc = loadWebmail(name);
    const page = readForwardPage(doc)!;
    expect(page).not.toBeNull();
    expect(readSettings(page)).toEqual(expected);
  });

  it('forward.zh-TW.html: label cells name each control; the note field and the crumb are not taken', () => {
    const page = readForwardPage(loadWebmail('forward.zh-TW.html'))!;
    expect(page.enable).toMatchObject({ kind: 'checkbox' });
    expect(attr(page.enable?.kind === 'checkbox' ? page.enable.el : null)).toBe('fw_on');
    expect(page.targets.map((t) => attr(t))).toEqual(['fw_to']);
    expect(attr(page.keepCopy?.kind === 'checkbox' ? page.keepCopy.el : null)).toBe('fw_keep');
    expect(attr(page.limit?.kind === 'checkbox' ? page.limit.el : null)).toBe('fw_limit');
    expect(page.endDates.map((c) => attr(c))).toEqual(['fw_until']);
    expect(page.code).toBeNull();
    expect((page.save as HTMLInputElement).value).toBe('儲存');
  });

  it('forward.en.html: three target boxes, keep a copy, a date box; OK is the save button, not Clear', () => {
    const page = readForwardPage(loadWebmail('forward.en.html'))!;
    expect(page.targets.map((t) => attr(t))).toEqual(['addr1', 'addr2', 'addr3']);
    expect(page.limit).toBeNull();
    expect(page.endDates.map((c) => attr(c))).toEqual(['until']);
    expect((page.save as HTMLInputElement).value).toBe('OK');
  });

  it('forward-list.zh-TW.html: radio pairs say on and off; the list is one text area; the limit is year/month/day', () => {
    const page = readForwardPage(loadWebmail('forward-list.zh-TW.html'))!;
    expect(page.enable).toMatchObject({ kind: 'radios' });
    if (page.enable?.kind !== 'radios' || page.keepCopy?.kind !== 'radios' || page.limit?.kind !== 'radios')
      throw new Error('radios expected');
    expect([page.enable.on.value, page.enable.off.value]).toEqual(['1', '0']);
    expect([page.keepCopy.on.value, page.keepCopy.off.value]).toEqual(['1', '0']);
    expect([page.limit.on.value, page.limit.off.value]).toEqual(['1', '0']);
    expect(page.targets.map((t) => t.tagName)).toEqual(['TEXTAREA']);
    expect(page.endDates.map((c) => attr(c))).toEqual(['y', 'mo', 'd']);
    expect((page.save as HTMLInputElement).value).toBe('確定');
  });

  it('forward-code.zh-TW.html: the security code field is found (by its words), never read', () => {
    const page = readForwardPage(loadWebmail('forward-code.zh-TW.html'))!;
    expect(attr(page.code)).toBe('sec_code');
    expect((page.save as HTMLInputElement).value).toBe('儲存設定');
  });

  it('is not found on a page whose labels cannot be read, nor on the message list with its "轉寄"', () => {
    expect(readForwardPage(loadWebmail('forward-unreadable.html'))).toBeNull();
    expect(readForwardPage(loadWebmail('folder.html'))).toBeNull();
  });
});

describe('other pages', () => {
  it('the login page: its password field is known, not read', () => {
    const doc = loadWebmail('login.html');
    expect(attr(loginPassword(doc))).toBe('PASSWD');
    expect(readForwardPage(doc)).toBeNull();
    expect(loginPassword(loadWebmail('forward-code.zh-TW.html'))).toBeNull();
    expect(loginPassword(loadWebmail('folder.html'))).toBeNull();
  });

  it('a page asking only for the security code', () => {
    const doc = loadWebmail('folder.html');
    doc.body.replaceChildren();
    const form = doc.createElement('form');
    const label = doc.createElement('label');
    label.textContent = '請輸入個人安全碼 ';
    const input = doc.createElement('input');
    input.type = 'password';
    label.append(input);
    form.append(label);
    doc.body.append(form);
    expect(codeField(doc)).toBe(input);
    expect(loginPassword(doc)).toBeNull();
  });

  it('the saved page says so; a form does not', () => {
    expect(saysSaved(loadWebmail('saved.zh-TW.html'))).toBe(true);
    expect(saysSaved(loadWebmail('forward.zh-TW.html'))).toBe(false);
  });

  it.each([
    ['submenu.en.html', ['Auto-Forward'], ['Preferences']],
    ['submenu-other.zh-TW.html', ['郵件轉寄'], []],
    ['folder.html', [], []],
  ])('%s: the menu entries that lead there, never a message toolbar "轉寄"', (name, entry, parent) => {
    const links = menuLinks(loadWebmail(name));
    expect(links.entry.map((a) => a.textContent)).toEqual(entry);
    expect(links.parent.map((a) => a.textContent)).toEqual(parent);
  });

  it('dates as Taiwanese pages write them', () => {
    expect(parseDay('2026/12/20')).toBe('2026-12-20');
    expect(parseDay('2026-1-5')).toBe('2026-01-05');
    expect(parseDay('115/12/20')).toBe('2026-12-20');
    expect(parseDay('2027年2月28日')).toBe('2027-02-28');
    expect(parseDay('2026/02/30')).toBeNull();
    expect(parseDay('YYYY/MM/DD')).toBeNull();
  });
});
