import { describe, expect, it } from 'vitest';
import { credentialProblem } from '@/contract/credential';
import { CREDENTIAL_LIMITS } from '@/contract/limits';
import { CredentialSchema, ProbeRequestSchema } from '@/contract/protocol';

describe('the credential rule shared by popup, native host and CLI', () => {
  it('accepts ordinary user names and passwords, Chinese and symbols included', () => {
    expect(credentialProblem('s1234567', 'Pa$$w0rd!')).toBeNull();
    expect(credentialProblem('王小明', '密碼 with spaces 1!')).toBeNull();
    expect(credentialProblem('u', 'p'.repeat(CREDENTIAL_LIMITS.password))).toBeNull();
  });

  it.each([
    ['', 'x', 'user-empty'],
    ['u'.repeat(CREDENTIAL_LIMITS.user + 1), 'x', 'user-too-long'],
    ['alice\r\nDELE 1', 'x', 'user-control'],
    ['alice\u0000', 'x', 'user-control'],
    ['al\tice', 'x', 'user-control'],
    ['alice', '', 'password-empty'],
    ['alice', 'p'.repeat(CREDENTIAL_LIMITS.password + 1), 'password-too-long'],
    ['alice', 'secret\r\nQUIT', 'password-line-break'],
    ['alice', 'sec\u0000ret', 'password-line-break'],
  ])('refuses %j / %j as %s', (user, password, problem) => {
    expect(credentialProblem(user, password)).toBe(problem);
    expect(CredentialSchema.safeParse({ user, password }).success).toBe(false);
  });

  it('a probe request with an injected user name is refused at the boundary', () => {
    const req = { type: 'probe', id: 'p', host: 'mail.au.edu.tw', credential: { user: 'a\r\nQUIT', password: 'pw' } };
    const r = ProbeRequestSchema.safeParse(req);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).not.toContain('QUIT');
  });
});
