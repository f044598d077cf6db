import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BackgroundToPageSchema, isFinal, PageToBackgroundSchema } from '@/utils/probe/port';

const result = JSON.parse(readFileSync(new URL('../fixtures/probe/all-ok.json', import.meta.url), 'utf8')).results[0];

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

describe('the popup\'s zod/mini copy of the port schemas agrees with the classic ones', () => {
  const fixtures = ['all-ok', '995-blocked', 'cert-expired', 'warnings'].flatMap(
    (f) => JSON.parse(readFileSync(new URL(`../fixtures/probe/${f}.json`, import.meta.url), 'utf8')).results as unknown[],
  );
  const messages: unknown[] = [
    ...fixtures.map((result) => ({ type: 'result', id: 'x', result })),
    { type: 'started', id: 'x', helperVersion: '0.1.0' },
    { type: 'summary', id: 'x', host: 'h', ms: 5, ok: true, historyId: 3 },
    { type: 'summary', id: 'x', host: 'h', ms: -5, ok: true },
    { type: 'helper-missing', reason: 'forbidden', detail: 'Access to the specified native messaging host is forbidden.' },
    { type: 'helper-missing', reason: 'gone', detail: '' },
    { type: 'error', reason: 'crash', detail: 'x'.repeat(2001) },
    { type: 'result', id: 'x', result: { ...(fixtures[0] as object), service: 'ftp' } },
    { type: 'result', id: 'x', result: { ...(fixtures[0] as object), port: 0 } },
    { type: 'result', id: 'x', result: { ...(fixtures[0] as object), stages: [{ name: 'magic', ok: true, ms: 1 }] } },
    { type: 'nonsense' },
    null,
  ];
  it('accepts and refuses the same messages, with the same output', async () => {
    const { BackgroundToPageMini } = await import('@/utils/probe/port-mini');
    for (const m of messages) {
      const a = BackgroundToPageSchema.safeParse(m);
      const b = BackgroundToPageMini.safeParse(m);
      expect(b.success, JSON.stringify(m).slice(0, 120)).toBe(a.success);
      if (a.success && b.success) expect(b.data).toEqual(a.data);
    }
  });
});
