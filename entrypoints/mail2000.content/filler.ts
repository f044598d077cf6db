/**
 * Fills the auto-forward settings the reader found, the way a person's typing and clicking would
 * (utils/page/fill.ts): forwarding on, the Gmail address added to the targets (the others kept),
 * keep a copy on, no end date. Touches those fields only; never a password or a security code,
 * never a save or confirm button (it only puts the focus there).
 */
import { setChecked, chooseRadio, setTextValue } from '@/utils/page/fill';
import { addressesIn, readSettings, type ForwardPage, type Switch } from './reader';

export type ForwardField = 'enable' | 'target' | 'keepCopy' | 'limit';

export interface FillResult {
  /** Set by us now. */
  applied: ForwardField[];
  /** Already as wanted. */
  kept: ForwardField[];
  /** Could not be set: not found, or no room for the address. */
  notApplied: ForwardField[];
  /** Every target box already holds another address. */
  targetsFull: boolean;
}

const setSwitch = (s: Switch, on: boolean): void => {
  if (s.kind === 'checkbox') setChecked(s.el, on);
  else chooseRadio(on ? s.on : s.off);
};

const isOn = (s: Switch): boolean | null => (s.kind === 'checkbox' ? s.el.checked : s.on.checked ? true : s.off.checked ? false : null);

export function fillForward(page: ForwardPage, gmail: string): FillResult {
  const r: FillResult = { applied: [], kept: [], notApplied: [], targetsFull: false };
  const turn = (field: ForwardField, s: Switch | null, on: boolean): void => {
    if (!s) return void r.notApplied.push(field);
    if (isOn(s) === on) return void r.kept.push(field);
    setSwitch(s, on);
    r[isOn(s) === on ? 'applied' : 'notApplied'].push(field);
  };

  turn('enable', page.enable, true);

  const want = gmail.trim().toLowerCase();
  if (page.targets.some((t) => addressesIn(t).some((a) => a.toLowerCase() === want))) r.kept.push('target');
  else {
    const list = page.targets.find((t) => t.tagName === 'TEXTAREA');
    const empty = page.targets.find((t) => t.tagName === 'INPUT' && t.value.trim() === '');
    if (list) {
      // A list: the address on a line of its own after the ones already there.
      const before = list.value.replace(/\s+$/, '');
      setTextValue(list, before ? `${before}\n${gmail}` : gmail);
      r.applied.push('target');
    } else if (empty) {
      setTextValue(empty as HTMLInputElement, gmail);
      r.applied.push('target');
    } else {
      r.notApplied.push('target');
      r.targetsFull = true;
    }
  }

  turn('keepCopy', page.keepCopy, true);

  if (page.limit) turn('limit', page.limit, false);
  else {
    // No switch for the limit: an end date typed in its box is the limit; empty means none.
    const dated = page.endDates.filter((c) => c.tagName === 'INPUT' && c.value.trim() !== '') as HTMLInputElement[];
    for (const d of dated) setTextValue(d, '');
    // Year/month/day lists cannot be emptied: a date still chosen there is a limit we could not lift.
    if (readSettings(page).endDate !== null) r.notApplied.push('limit');
    else r[dated.length ? 'applied' : 'kept'].push('limit');
  }
  return r;
}
