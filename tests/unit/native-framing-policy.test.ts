// Allow-list and caller checks of the native host (pure parts; the spawned host is tested in tests/servers).
import { describe, expect, it } from 'vitest';
import { checkProbeRequest, effectiveAllowList, formatAllowEntry, parseAllowSpec } from '@/helper/native/allow';
import { callerFromArgs, isCallerAllowed } from '@/helper/native/caller';
import { CHROME_EXTENSION_ID, CHROME_ORIGIN, GECKO_ID } from '@/contract/ids';
import { MAIL2000_HOST } from '@/contract/mail2000';

describe('allow specs', () => {
  it('parses hosts with and without extra ports', () => {
    expect(parseAllowSpec('Mail.Example.EDU')).toEqual({ host: 'mail.example.edu', ports: [] });
    expect(parseAllowSpec('127.0.0.1:10995+10110+10110')).toEqual({ host: '127.0.0.1', ports: [10110, 10995] });
    expect(parseAllowSpec('[::1]:2525')).toEqual({ host: '::1', ports: [2525] });
    expect(formatAllowEntry({ host: '::1', ports: [1, 2] })).toBe('[::1]:1+2');
    expect(formatAllowEntry(parseAllowSpec('a.b:7+8'))).toBe('a.b:7+8');
  });
  it.each(['', 'a b', 'host:', 'host:0', 'host:65536', 'host:1++2', 'host:x', 'ho_st!', '::1:25'])('refuses %j', (spec) => {
    expect(() => parseAllowSpec(spec)).toThrow();
  });
  it('always keeps the Mail2000 host and merges ports per host', () => {
    expect(effectiveAllowList([])).toEqual([{ host: MAIL2000_HOST, ports: [] }]);
    expect(effectiveAllowList(['127.0.0.1:2', '127.0.0.1:1', `${MAIL2000_HOST}:2525`])).toEqual([
      { host: MAIL2000_HOST, ports: [2525] },
      { host: '127.0.0.1', ports: [1, 2] },
    ]);
  });
});

describe('checkProbeRequest', () => {
  const allow = effectiveAllowList(['127.0.0.1:10110+10995']);
  it('allows the Mail2000 host on the mail ports', () => {
    expect(checkProbeRequest({ host: MAIL2000_HOST }, allow)).toEqual({ ok: true });
    expect(checkProbeRequest({ host: 'MAIL.AU.EDU.TW', ports: { pop3: 995, smtp: 587 } }, allow)).toEqual({ ok: true });
  });
  it('refuses other hosts', () => {
    const v = checkProbeRequest({ host: 'example.com' }, allow);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/example\.com.*not on the helper's allow-list/);
  });
  it('refuses non-mail ports unless named for that host', () => {
    expect(checkProbeRequest({ host: MAIL2000_HOST, ports: { pop3: 22 } }, allow).ok).toBe(false);
    expect(checkProbeRequest({ host: MAIL2000_HOST, ports: { pop3: 10110 } }, allow).ok).toBe(false); // named for 127.0.0.1 only
    expect(checkProbeRequest({ host: '127.0.0.1', ports: { pop3: 10110, pop3s: 10995, imap: 143 } }, allow)).toEqual({ ok: true });
    expect(checkProbeRequest({ host: '127.0.0.1', ports: { imap: 10143 } }, allow).ok).toBe(false);
  });
});

describe('caller', () => {
  it('recognises Chromium and Firefox invocations, and nothing else', () => {
    expect(callerFromArgs([CHROME_ORIGIN])).toEqual({ browser: 'chromium', origin: CHROME_ORIGIN });
    expect(callerFromArgs([CHROME_ORIGIN, '--parent-window=0'])).toEqual({ browser: 'chromium', origin: CHROME_ORIGIN });
    expect(callerFromArgs(['/home/u/.mozilla/native-messaging-hosts/tw.m2k.probe.json', GECKO_ID])).toEqual({
      browser: 'firefox',
      manifestPath: '/home/u/.mozilla/native-messaging-hosts/tw.m2k.probe.json',
      addonId: GECKO_ID,
    });
    expect(callerFromArgs(['C:\\x\\tw.m2k.probe.json', GECKO_ID])?.browser).toBe('firefox');
    expect(callerFromArgs(['check', 'mail.au.edu.tw'])).toBeUndefined();
    expect(callerFromArgs(['status'])).toBeUndefined();
    expect(callerFromArgs(['relative.json', GECKO_ID])).toBeUndefined();
    expect(callerFromArgs([])).toBeUndefined();
  });
  it('accepts the pinned ids, and others only when the config names them', () => {
    const none = { extensionIds: [], addonIds: [] };
    expect(isCallerAllowed({ browser: 'chromium', origin: `chrome-extension://${CHROME_EXTENSION_ID}/` }, none)).toBe(true);
    expect(isCallerAllowed({ browser: 'chromium', origin: `chrome-extension://${CHROME_EXTENSION_ID}` }, none)).toBe(false);
    const dev = 'a'.repeat(32);
    expect(isCallerAllowed({ browser: 'chromium', origin: `chrome-extension://${dev}/` }, none)).toBe(false);
    expect(isCallerAllowed({ browser: 'chromium', origin: `chrome-extension://${dev}/` }, { extensionIds: [dev], addonIds: [] })).toBe(
      true,
    );
    expect(isCallerAllowed({ browser: 'firefox', manifestPath: '/m.json', addonId: GECKO_ID }, none)).toBe(true);
    expect(isCallerAllowed({ browser: 'firefox', manifestPath: '/m.json', addonId: 'x@y' }, none)).toBe(false);
    expect(isCallerAllowed({ browser: 'firefox', manifestPath: '/m.json', addonId: 'x@y' }, { extensionIds: [], addonIds: ['x@y'] })).toBe(
      true,
    );
  });
});
