import { describe, expect, it } from 'vitest';
import { isSettingsAccounts, routeOf } from '@/utils/gmail/route';

describe('routeOf', () => {
  it.each([
    'https://mail.google.com/mail/u/0/#settings/accounts',
    'https://mail.google.com/mail/u/3/#settings/accounts',
    'https://mail.google.com/mail/#settings/accounts',
    'https://mail.google.com/mail/u/0/#settings/accounts?compose=new',
    'https://mail.google.com/a/au.edu.tw/mail/u/0/#settings/accounts',
    'https://mail.google.com/mail/u/0/?hl=zh-TW#settings/accounts',
  ])('%s is the accounts page', (url) => {
    expect(routeOf(url)).toBe('settings-accounts');
    expect(isSettingsAccounts(new URL(url))).toBe(true);
  });

  it.each([
    'https://mail.google.com/mail/u/0/#inbox',
    'https://mail.google.com/mail/u/0/#settings/general',
    'https://mail.google.com/mail/u/0/#settings/accountsx',
    'https://mail.google.com/mail/u/0/',
    'https://mail.google.com/mail/u/0/#search/settings%2Faccounts',
    'https://evil.example/mail/u/0/#settings/accounts',
    'https://mail.google.com/mail/u/0/popout#settings/accounts',
    'not a url',
  ])('%s is not', (url) => {
    expect(routeOf(url)).toBe('other');
  });
});
