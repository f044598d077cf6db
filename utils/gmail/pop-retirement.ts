/**
 * Gmail's announced retirement of POP fetch and "Send mail as", read from the one data file
 * (pop-retirement.json, with sources). Everything takes `now` so tests and the panel agree on
 * what "today" is. The JSON's shape is checked by tests/unit/pop-retirement.test.ts with zod; it is
 * bundled, not fetched, so no runtime validation is needed (and the content script stays small).
 */
// Named imports: the bundler keeps only these keys (the history and comments stay out of the content script).
import { events as rawEvents, sources as rawSources } from './pop-retirement.json';

export type RetirementEventId = 'no-new-fetchers' | 'fetch-stops' | 'send-as-ends';

export interface RetirementEvent {
  id: RetirementEventId;
  /** First day (UTC) the change applies; for "January 2027" that is 2027-01-01, the earliest it may bite. */
  date: string;
  said: string;
  sourceUrl: string;
  sourceTitle: string;
}

interface SourceEntry {
  title: string;
  url: string;
}
interface EventEntry {
  date: string;
  said: string;
  source: string;
  summary: string;
}

const sources = rawSources as Record<string, SourceEntry>;
const events = rawEvents as Record<RetirementEventId, EventEntry>;

export const retirementEvent = (id: RetirementEventId): RetirementEvent => {
  const e = events[id];
  const s = sources[e.source];
  if (!s) throw new Error(`pop-retirement.json: event ${id} names unknown source ${e.source}`);
  return { id, date: e.date, said: e.said, sourceUrl: s.url, sourceTitle: s.title };
};

const DAY_MS = 24 * 60 * 60 * 1000;
const startOf = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`);

/** Whole days from `now` until the event begins: 0 on the day itself and after (never negative). */
export const daysUntil = (id: RetirementEventId, now: number): number =>
  Math.max(0, Math.ceil((startOf(retirementEvent(id).date) - now) / DAY_MS));

export const hasBegun = (id: RetirementEventId, now: number): boolean => now >= startOf(retirementEvent(id).date);

export interface RetirementStatus {
  /** Google said no new fetch accounts after this date; true means we are past it. */
  newAccountsClosed: boolean;
  /** Existing fetchers have stopped (by the announcement). */
  fetchStopped: boolean;
  daysToFetchStop: number;
  daysToSendAsEnd: number;
}

export const retirementStatus = (now: number): RetirementStatus => ({
  newAccountsClosed: hasBegun('no-new-fetchers', now),
  fetchStopped: hasBegun('fetch-stops', now),
  daysToFetchStop: daysUntil('fetch-stops', now),
  daysToSendAsEnd: daysUntil('send-as-ends', now),
});

/** "January 2027" / "2027年1月": month precision, as Google announced it. */
export const formatEventMonth = (id: RetirementEventId, lang: 'en' | 'zh_TW'): string =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'zh-TW', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    startOf(retirementEvent(id).date),
  );
