import { describe, expect, it } from 'vitest';
import { BackgroundToPageSchema, isFinal, PageToBackgroundSchema } from '@/utils/messaging/probe-port';
import { probeFixture } from '../support/probe/fixtures';

const result = probeFixture('all-ok').results[0];

describe('popup <-> background port messages', () => {
  it('accepts a start with host, ports and an optional credential', () => {
    expect(PageToBackgroundSchema.parse({ type: 'start', host: 'mail.au.edu.tw' })).toEqual({ type: 'start', host: 'mail.au.edu.tw' });
    const withCred = PageToBackgroundSchema.parse({
      type: 'start',
      host: '127.0.0.1',
      ports: { pop3s: 10995, imaps: 10993 },
      credential: { user: 'alice', password: 's3cret!' },
    });
    expect(withCred.credential?.user).toBe('alice');
  });

  it('refuses a host that is not a host name, a bad port, an unknown service, an empty password', () => {
    expect(PageToBackgroundSchema.safeParse({ type: 'start', host: 'mail.au.edu.tw; rm -rf /' }).success).toBe(false);
    expect(PageToBackgroundSchema.safeParse({ type: 'start', host: 'a.b', ports: { pop3s: 70000 } }).success).toBe(false);
    expect(PageToBackgroundSchema.safeParse({ type: 'start', host: 'a.b', ports: { ftp: 21 } }).success).toBe(false);
    expect(PageToBackgroundSchema.safeParse({ type: 'start', host: 'a.b', credential: { user: 'a', password: '' } }).success).toBe(false);
    expect(PageToBackgroundSchema.safeParse({ type: 'stop' }).success).toBe(false);
  });

  it('streams results, and knows which messages end a run', () => {
    const r = BackgroundToPageSchema.parse({ type: 'result', id: 'x', result });
    expect(r.type === 'result' && r.result.service).toBe('pop3');
    expect(isFinal(r)).toBe(false);
    expect(isFinal(BackgroundToPageSchema.parse({ type: 'summary', id: 'x', host: 'h', ms: 1, ok: true }))).toBe(true);
    expect(isFinal(BackgroundToPageSchema.parse({ type: 'helper-missing', reason: 'not-installed', detail: '' }))).toBe(true);
    expect(isFinal(BackgroundToPageSchema.parse({ type: 'error', reason: 'crash', detail: 'Native host has exited.' }))).toBe(true);
    expect(BackgroundToPageSchema.safeParse({ type: 'helper-missing', reason: 'whatever', detail: '' }).success).toBe(false);
  });
});
