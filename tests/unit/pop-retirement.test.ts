import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import data from '@/utils/gmail/pop-retirement.json';
import { daysUntil, formatEventMonth, hasBegun, retirementEvent, retirementStatus } from '@/utils/gmail/pop-retirement';

const at = (iso: string) => Date.parse(iso);

describe('pop-retirement.json', () => {
  it('has the shape the code expects, every event with a known https source', () => {
    const event = () => z.object({ date: z.iso.date(), said: z.string(), source: z.string(), summary: z.string() });
    const Schema = z.object({
      checked: z.string(),
      sources: z.record(
        z.string(),
        z.object({ title: z.string().check(z.minLength(1)), url: z.url().check(z.startsWith('https://support.google.com/')) }),
      ),
      events: z.object({ 'no-new-fetchers': event(), 'fetch-stops': event(), 'send-as-ends': event() }),
      history: z.array(z.object({ seen: z.string(), source: z.string(), said: z.string() })).check(z.minLength(1)),
    });
    const parsed = Schema.parse(data);
    for (const e of Object.values(parsed.events)) expect(parsed.sources[e.source]).toBeDefined();
  });

  it('keeps the announced dates and help answers', () => {
    expect(retirementEvent('no-new-fetchers').date).toBe('2026-04-01');
    expect(retirementEvent('fetch-stops').date).toBe('2027-01-01');
    expect(retirementEvent('fetch-stops').sourceUrl).toContain('16604719');
    expect(retirementEvent('send-as-ends').sourceUrl).toContain('17101213');
  });
});

describe('countdown', () => {
  it('today (2026-11-26): adding is closed, existing fetchers have 36 days', () => {
    const now = at('2026-11-26T08:00:00Z');
    expect(retirementStatus(now)).toEqual({ newAccountsClosed: true, fetchStopped: false, daysToFetchStop: 36, daysToSendAsEnd: 36 });
  });

  it('before the first date nothing has begun', () => {
    const now = at('2026-03-31T23:59:59Z');
    expect(hasBegun('no-new-fetchers', now)).toBe(false);
    expect(daysUntil('no-new-fetchers', now)).toBe(1);
    expect(retirementStatus(now).newAccountsClosed).toBe(false);
  });

  it('counts down to zero and stays there', () => {
    expect(daysUntil('fetch-stops', at('2026-12-31T12:00:00Z'))).toBe(1);
    expect(daysUntil('fetch-stops', at('2027-01-01T00:00:00Z'))).toBe(0);
    expect(daysUntil('fetch-stops', at('2027-03-01T00:00:00Z'))).toBe(0);
    expect(retirementStatus(at('2027-01-02T00:00:00Z')).fetchStopped).toBe(true);
  });

  it('formats the month in both languages', () => {
    expect(formatEventMonth('fetch-stops', 'en')).toBe('January 2027');
    expect(formatEventMonth('fetch-stops', 'zh_TW')).toMatch(/2027\s*年\s*1\s*月/);
  });
});
