import { describe, expect, it } from 'vitest';
import { addressFromHash, findHash } from '@/utils/profile/find-link';

describe('the #find= link from the Gmail panel to Find my server', () => {
  it('carries an address there and back, whatever characters it holds', () => {
    for (const a of ['henry@mail.nutn.edu.tw', 'a+b#c&d=e@x.edu.tw', '陳同學@example.tw']) expect(addressFromHash(findHash(a))).toBe(a);
    expect(findHash('a b@x.tw')).toBe('#find=a%20b%40x.tw');
  });
  it('reads nothing from another hash, an empty or oversized address, or broken escapes', () => {
    expect(addressFromHash('')).toBeNull();
    expect(addressFromHash('#advanced')).toBeNull();
    expect(addressFromHash('#find=')).toBeNull();
    expect(addressFromHash('#find=%20%20')).toBeNull();
    expect(addressFromHash('#find=%E0%A4%A')).toBeNull();
    expect(addressFromHash(findHash(`${'a'.repeat(321)}@x.tw`))).toBeNull();
  });
});
