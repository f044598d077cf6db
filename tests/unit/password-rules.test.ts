import { describe, expect, it } from 'vitest';
import { accountNames, allMet, checkPassword, loadScorer, strengthOfScore, type RuleId } from '@/utils/password/rules';

const met = (pw: string, names: string[], score?: number) =>
  Object.fromEntries(checkPassword(pw, names, score).map((r) => [r.id, r.met])) as Record<RuleId, boolean | 'pending'>;

describe('Mail2000 password rules', () => {
  it('each rule on its own', () => {
    expect(met('abc', [], 0)).toEqual({ length: false, digit: false, symbol: false, 'not-account': true, strength: false });
    expect(met('abcdefgh', [], 4).length).toBe(true);
    expect(met('abcdefg', [], 4).length).toBe(false);
    expect(met('abc1', [], 0).digit).toBe(true);
    expect(met('abc１', [], 0).digit).toBe(false); // full-width digit does not count
    expect(met('abc!', [], 0).symbol).toBe(true);
    expect(met('abc 中文', [], 0).symbol).toBe(false); // a space or a CJK letter is not a symbol
    expect(met('密碼。', [], 0).symbol).toBe(true); // CJK punctuation is
  });

  it('not the account name, without regard to case', () => {
    const names = accountNames({ username: '', address: 'Alice.Wang@mail.au.edu.tw' });
    expect(names).toContain('Alice.Wang');
    expect(met('alice.wang', names, 4)['not-account']).toBe(false);
    expect(met('ALICE.WANG', names, 4)['not-account']).toBe(false);
    expect(met('alice.wang!', names, 4)['not-account']).toBe(true);
    expect(met('', names, 4)['not-account']).toBe(false);
  });

  it('strength is pending until the estimator loads, and medium means score >= 2', () => {
    expect(met('x', [], undefined).strength).toBe('pending');
    expect(strengthOfScore(0)).toBe('weak');
    expect(strengthOfScore(1)).toBe('weak');
    expect(strengthOfScore(2)).toBe('medium');
    expect(strengthOfScore(3)).toBe('strong');
    expect(met('x', [], 1).strength).toBe(false);
    expect(met('x', [], 2).strength).toBe(true);
  });

  it('with the real zxcvbn: common passwords are weak, a long random one passes every rule', async () => {
    const score = await loadScorer();
    const names = ['alice'];
    // Meets the character rules but is a dictionary word with the usual decorations.
    const weak = 'Password1!';
    expect(score(weak, names)).toBeLessThan(2);
    expect(allMet(checkPassword(weak, names, score(weak, names)))).toBe(false);
    // The account name with a digit and a symbol: zxcvbn knows the user input.
    expect(score('alice2024!', names)).toBeLessThan(3);
    const good = 'tq8#Lmv2;Rz';
    const rules = checkPassword(good, names, score(good, names));
    expect(allMet(rules)).toBe(true);
  });
});
