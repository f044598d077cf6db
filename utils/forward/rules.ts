/**
 * The audit of Mail2000's forward settings: what is wrong with them for getting Mail2000 mail into
 * this Gmail. Pure (the same read, address and date give the same findings), judged in the
 * background only, so the webmail's note, the popup and the report agree.
 */
import type { Finding } from '../audit/schema';
import type { ForwardRead } from './schema';

/** An end date this close counts as "soon". */
const ENDING_SOON_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Midnight UTC of a YYYY-MM-DD day, or null for a day that does not exist. */
const dayOf = (d: string): number | null => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d ? null : t;
};

export function forwardFindings(read: ForwardRead, gmail: string | null, now: number): Finding[] {
  const out: Finding[] = [];
  if (read.enabled === false || (read.enabled === true && read.targets.length === 0)) {
    // Nothing is forwarded: the other settings do not matter until it is on.
    return [{ code: 'forward-off', severity: 'error' }];
  }
  const others = read.targets.filter((a) => !gmail || !same(a, gmail));
  if (gmail && read.targets.length > 0 && others.length === read.targets.length) {
    out.push({ code: 'forward-elsewhere', severity: 'error', account: others[0]!, evidence: others.join(', ').slice(0, 500) });
  }
  if (read.keepCopy === false) out.push({ code: 'forward-no-copy', severity: 'warn' });
  const end = read.endDate ? dayOf(read.endDate) : null;
  if (end !== null) {
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    if (end < today) out.push({ code: 'forward-ended', severity: 'error', evidence: read.endDate! });
    else if (end - today <= ENDING_SOON_DAYS * DAY_MS) out.push({ code: 'forward-ending', severity: 'warn', evidence: read.endDate! });
  }
  if (read.targets.length > 1) out.push({ code: 'forward-many', severity: 'info', evidence: read.targets.join(', ').slice(0, 500) });
  return out;
}
