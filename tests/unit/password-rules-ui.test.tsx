// @vitest-environment happy-dom
// The PasswordCheck component: each rule flips as the person types, and nothing typed leaves it.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { useLocale } from '../support/i18n/locale';
import { tick } from '../support/wait';
import { loadScorer } from '@/utils/password/rules';

beforeAll(async () => {
  await loadScorer();
});
afterEach(() => {
  document.body.replaceChildren();
});

const type = async (root: HTMLElement, value: string) => {
  const input = root.querySelector<HTMLInputElement>('[data-testid="m2k-pw-input"]')!;
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  // The scorer is loaded asynchronously once; give the effect a turn.
  await act(async () => {
    await tick();
  });
};
const rules = (root: HTMLElement) =>
  Object.fromEntries(
    [...root.querySelectorAll('[data-testid="m2k-pw-rule"]')].map((li) => [li.getAttribute('data-rule'), li.getAttribute('data-met')]),
  );

describe('PasswordCheck', () => {
  it('shows each rule met or not as the person types, in English', async () => {
    useLocale('en');
    const { PasswordCheck } = await import('@/components/PasswordCheck');
    const root = document.createElement('div');
    document.body.append(root);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await act(async () => render(<PasswordCheck account={{ address: 'alice@mail.au.edu.tw' }} />, root));
    await type(root, 'alice');
    expect(rules(root)).toEqual({ length: 'false', digit: 'false', symbol: 'false', 'not-account': 'false', strength: 'false' });
    expect(root.textContent).toContain('At least 8 characters');
    await type(root, 'tq8#Lmv2;Rz');
    expect(rules(root)).toEqual({ length: 'true', digit: 'true', symbol: 'true', 'not-account': 'true', strength: 'true' });
    expect(root.querySelector('[data-testid="m2k-pw-summary"]')!.getAttribute('data-ok')).toBe('true');
    expect(root.textContent).toMatch(/Strength: (medium|strong)/);
    // Nothing stored or sent.
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(root.querySelector('form')).toBeNull();
  });

  it('speaks Traditional Chinese with the Mail2000 wording', async () => {
    useLocale('zh_TW');
    const { PasswordCheck } = await import('@/components/PasswordCheck');
    const root = document.createElement('div');
    document.body.append(root);
    await act(async () => render(<PasswordCheck account={{ username: 'bob' }} />, root));
    await type(root, 'Password1!');
    expect(root.textContent).toContain('密碼最少需要 8 個字元');
    expect(root.textContent).toContain('強度：弱');
    expect(rules(root).strength).toBe('false');
    expect(root.textContent).not.toMatch(/⟦/);
  });
});
