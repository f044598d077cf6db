// The options page's "allow the assistant on this webmail": which typed addresses name one https
// origin, and what the Gmail panel's #webmail= link may ask for.
import { describe, expect, it } from 'vitest';
import { KNOWN_WEBMAILS, webmailHost } from '@/utils/webmail/permissions';
import { webmailFromHash } from '@/entrypoints/options/WebmailSites';

describe('webmailHost', () => {
  it.each([
    ['webmail.school.edu.tw', 'webmail.school.edu.tw'],
    ['https://Webmail.School.edu.tw/cgi-bin/login?x=1', 'webmail.school.edu.tw'],
    ['  mail.example.org  ', 'mail.example.org'],
    ['http://webmail.school.edu.tw/', null],
    ['https://webmail.school.edu.tw:8443/', null],
    ['https://user:pw@webmail.school.edu.tw/', null],
    ['https://*.school.edu.tw/', null],
    ['mail.google.com', null],
    ['localhost', null],
    ['not a host', null],
    ['', null],
  ])('%j → %j', (text, host) => {
    expect(webmailHost(text)).toBe(host);
  });
});

describe('webmailFromHash', () => {
  it('the host the panel sent, checked the same way', () => {
    expect(webmailFromHash('#webmail=webmail.school.edu.tw')).toBe('webmail.school.edu.tw');
    expect(webmailFromHash('#webmail=https%3A%2F%2Fevil.example%3A1%2F')).toBeNull();
    expect(webmailFromHash('#webmail=%E0%A4%A')).toBeNull();
    expect(webmailFromHash('#find=a@b.c')).toBeNull();
  });
  it('the known sites come from the known-sites table', () => {
    expect(KNOWN_WEBMAILS).toEqual(['mail.au.edu.tw', 'mail.nutn.edu.tw', 'mail.ncue.edu.tw']);
  });
});
