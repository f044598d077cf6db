// The shared credential rule (contract/credential.ts), its schema, and the report redactor (helper/probe/redact.ts).
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_PROBLEM_TEXT, credentialProblem, passwordProblem, userProblem } from '@/contract/credential';
import { CREDENTIAL_LIMITS } from '@/contract/limits';
import { CredentialSchema, ProbeRequestSchema } from '@/contract/protocol';
import { redactor, sentForms } from '@/helper/probe/redact';

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

describe('credentialProblem', () => {
  it('accepts ordinary and unusual but sendable credentials', () => {
    expect(credentialProblem('alice', 'Secret-123!')).toBeNull();
    expect(credentialProblem('王小明@example.edu', 'pässwörd 密碼 9!')).toBeNull();
    expect(credentialProblem('a'.repeat(CREDENTIAL_LIMITS.user), 'p'.repeat(CREDENTIAL_LIMITS.password))).toBeNull();
    // A tab is a control character: fine in a password (IMAP sends it as a literal), not in a user name.
    expect(passwordProblem('tab\there')).toBeNull();
  });
  it.each([
    ['', 'pw', 'user-empty'],
    ['a'.repeat(CREDENTIAL_LIMITS.user + 1), 'pw', 'user-too-long'],
    ['alice\r\nDELE 1', 'pw', 'user-control'],
    ['alice\n', 'pw', 'user-control'],
    ['al\u0000ice', 'pw', 'user-control'],
    ['al\tice', 'pw', 'user-control'],
    ['al\u007fice', 'pw', 'user-control'],
    ['al\u0085ice', 'pw', 'user-control'],
    ['al\u2028ice', 'pw', 'user-control'],
    ['alice', '', 'password-empty'],
    ['alice', 'p'.repeat(CREDENTIAL_LIMITS.password + 1), 'password-too-long'],
    ['alice', 'pw\r\nQUIT', 'password-line-break'],
    ['alice', 'pw\n', 'password-line-break'],
    ['alice', 'p\u0000w', 'password-line-break'],
    ['al\rice', 'p\nw', 'user-control'],
  ])('%j / %j: %s', (user, password, code) => {
    expect(credentialProblem(user, password)).toBe(code);
  });
  it('has a sentence in both languages for every problem, never quoting a value', () => {
    for (const [code, t] of Object.entries(CREDENTIAL_PROBLEM_TEXT)) {
      expect(t.en, code).toMatch(/^the (user name|password) /);
      expect(t.zh_TW, code).toMatch(/^(帳號|密碼)/);
    }
    expect(userProblem('x')).toBeNull();
  });
});

describe('redactor', () => {
  const user = 'u';
  const password = 'Zq7"vR\\k2#Lm9^Tw';
  const redact = redactor(sentForms(user, password));
  const forms = sentForms(user, password);

  it('hides every sent form, whole or cut anywhere, and any 4-character piece of it', () => {
    expect(forms).toHaveLength(4);
    for (const f of forms) {
      expect(redact(`-ERR ${f} x`)).toBe('-ERR *** x');
      for (let cut = 4; cut < f.length; cut++) {
        expect(redact(`x ${f.slice(0, cut)}`)).toBe('x ***');
        expect(redact(`${f.slice(f.length - cut)} y`)).toBe('*** y');
      }
    }
    expect(redact('before k2#L after')).toBe('before *** after');
  });
  it('leaves 3-character pieces and unrelated text alone', () => {
    expect(redact('Zq7 and Tw')).toBe('Zq7 and Tw');
    expect(redact('+OK Dovecot ready.')).toBe('+OK Dovecot ready.');
    expect(redactor([])('anything Zq7"vR')).toBe('anything Zq7"vR');
  });
  it('a password made of our own marker does not come back around it', () => {
    const r = redactor(sentForms('u', 'a***b***c'));
    const out = r('x a*** y ***b z');
    for (let i = 0; i + 4 <= 'a***b***c'.length; i++) expect(out).not.toContain('a***b***c'.slice(i, i + 4));
  });
  it('a password shorter than the window is hidden whole', () => {
    expect(redactor(['ab'])('xaby ab')).toBe('x***y ***');
  });
});
