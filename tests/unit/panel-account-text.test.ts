// What a fetch account's row says once it is text (panel/account-text.ts): its status line in both
// languages, and which addresses count as the Mail2000 one.
import { describe, expect, it } from 'vitest';
import { isMail2000Address, parseStatus } from '@/entrypoints/gmail-settings/panel/account-text';

const opts = { host: 'mail.au.edu.tw' };

describe('account text', () => {
  it('parseStatus reads last check and error in both languages', () => {
    expect(parseStatus('Last checked: 4 minutes ago. Error: Connection timed out.')).toEqual({
      lastChecked: '4 minutes ago',
      error: 'Connection timed out.',
    });
    expect(parseStatus('上次檢查時間：3 分鐘前。錯誤：連線逾時。')).toEqual({ lastChecked: '3 分鐘前', error: '連線逾時。' });
    expect(parseStatus('Checking emails…')).toEqual({});
    expect(parseStatus('Connection reset by peer')).toEqual({ error: 'Connection reset by peer' });
  });

  it('isMail2000Address goes by the domain of the server or the profile', () => {
    expect(isMail2000Address('a@mail.au.edu.tw', opts)).toBe(true);
    expect(isMail2000Address('a@au.edu.tw', opts)).toBe(true);
    expect(isMail2000Address('a@edu.tw', { host: 'mail.au.edu.tw' })).toBe(false); // too broad: "edu.tw" would be everyone
    expect(isMail2000Address('a@example.org', opts)).toBe(false);
    expect(isMail2000Address('a@staff.example', { host: 'mx.example', profileAddress: 'me@staff.example' })).toBe(true);
  });
});
