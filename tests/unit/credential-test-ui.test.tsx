// @vitest-environment happy-dom
// The popup's login test refuses a credential the shared rule (contract/credential.ts) refuses, with
// the reason in the person's language, and sends nothing. The same rule in the browser: popup.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { useLocale } from '../support/i18n/locale';
import { CREDENTIAL_LIMITS } from '@/contract/limits';
import { CredentialTest } from '@/entrypoints/popup/CredentialTest';

afterEach(() => document.body.replaceChildren());

const mount = (onTest: (u: string, p: string) => void) => {
  const root = document.createElement('div');
  document.body.append(root);
  render(<CredentialTest user="alice" disabled={false} outcome={undefined} onTest={onTest} />, root);
  return root;
};
const attempt = async (root: HTMLElement, user: string, password: string) => {
  const u = root.querySelector<HTMLInputElement>('[data-testid="m2k-cred-user"]')!;
  const p = root.querySelector<HTMLInputElement>('[data-testid="m2k-cred-password"]')!;
  await act(async () => {
    u.value = user;
    u.dispatchEvent(new Event('input', { bubbles: true }));
  });
  p.value = password;
  await act(async () => {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  const problem = root.querySelector('[data-testid="m2k-cred-problem"]');
  return { problem: problem?.getAttribute('data-problem') ?? null, text: problem?.textContent ?? '', passwordLeft: p.value };
};

describe('popup login test: the profile arriving after the first paint', () => {
  it('fills in the user name and leaves the section as the person left it: open, the password typed', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const draw = (user: string) => render(<CredentialTest user={user} disabled={false} outcome={undefined} onTest={() => {}} />, root);
    await act(async () => draw(''));
    const details = root.querySelector('details')!;
    details.open = true;
    const pw = root.querySelector<HTMLInputElement>('[data-testid="m2k-cred-password"]')!;
    pw.value = 'typed before the profile came';
    await act(async () => draw('alice'));
    expect(root.querySelector<HTMLInputElement>('[data-testid="m2k-cred-user"]')!.value).toBe('alice');
    expect(root.querySelector('details')).toBe(details);
    expect(details.open).toBe(true);
    expect(root.querySelector<HTMLInputElement>('[data-testid="m2k-cred-password"]')!.value).toBe('typed before the profile came');
  });
});

describe('popup login test: the credential rule before anything is sent', () => {
  it('refuses control characters in the user name, line breaks or NUL in the password, and over-long ones', async () => {
    useLocale('en');
    const onTest = vi.fn();
    const root = mount(onTest);
    // An input's value never holds CR or LF (the browser strips them, and happy-dom does too), so
    // the cases are the control characters that do get through: tab, NUL, ESC, U+2028.
    const cases: Array<[string, string, string]> = [
      ['ali\tce', 'pw', 'user-control'],
      ['alice\u0000', 'pw', 'user-control'],
      ['alice\u001b[2J', 'pw', 'user-control'],
      ['alice\u2028DELE 1', 'pw', 'user-control'],
      ['alice', 'pw\u0000QUIT', 'password-line-break'],
      ['a'.repeat(CREDENTIAL_LIMITS.user + 1), 'pw', 'user-too-long'],
      ['alice', 'p'.repeat(CREDENTIAL_LIMITS.password + 1), 'password-too-long'],
      ['alice', '', 'password-empty'],
      ['   ', 'pw', 'user-empty'],
    ];
    for (const [user, password, expected] of cases) {
      const r = await attempt(root, user, password);
      expect(r.problem, JSON.stringify(user)).toBe(expected);
      expect(r.text.length).toBeGreaterThan(5);
      // A password that cannot be sent is not kept in the field.
      if (expected.startsWith('password-') && expected !== 'password-empty') expect(r.passwordLeft).toBe('');
    }
    expect(onTest).not.toHaveBeenCalled();
    // A good credential goes through once, and the message goes away.
    const ok = await attempt(root, ' alice ', 'S3cret!x');
    expect(ok.problem).toBeNull();
    expect(ok.passwordLeft).toBe('');
    expect(onTest).toHaveBeenCalledExactlyOnceWith('alice', 'S3cret!x');
  });

  it('says it in Traditional Chinese too', async () => {
    useLocale('zh_TW');
    const root = mount(vi.fn());
    const r = await attempt(root, 'alice', 'pw\u0000x');
    expect(r.problem).toBe('password-line-break');
    expect(r.text).toContain('換行');
  });
});
