/**
 * The one rule for a login test's credential, zod-free so the popup can apply it before anything is
 * sent, and the same in the native host and the CLI: a control character in the user name, or a
 * CR, LF or NUL in the password, would end a protocol line early and inject a command (NUL also
 * separates the fields of SASL PLAIN). Passwords may have other control characters (a tab).
 */
import { CREDENTIAL_LIMITS } from './limits';

export type CredentialProblem =
  'user-empty' | 'user-too-long' | 'user-control' | 'password-empty' | 'password-too-long' | 'password-line-break';

// C0 and C1 controls and DEL, plus the Unicode line and paragraph separators some servers also split on.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const LINE_BREAK = /[\r\n\u0000]/;

/** What is wrong with a user name alone (the CLI checks it before asking for a password). */
export function userProblem(user: string): CredentialProblem | null {
  if (user.length === 0) return 'user-empty';
  if (user.length > CREDENTIAL_LIMITS.user) return 'user-too-long';
  if (CONTROL.test(user)) return 'user-control';
  return null;
}

export function passwordProblem(password: string): CredentialProblem | null {
  if (password.length === 0) return 'password-empty';
  if (password.length > CREDENTIAL_LIMITS.password) return 'password-too-long';
  if (LINE_BREAK.test(password)) return 'password-line-break';
  return null;
}

/** The first thing wrong with a credential, or null when it may be sent. */
export function credentialProblem(user: string, password: string): CredentialProblem | null {
  return userProblem(user) ?? passwordProblem(password);
}

/** Which field a problem is about (for a schema issue's path, or a form's field). */
export const problemField = (p: CredentialProblem): 'user' | 'password' => (p.startsWith('user') ? 'user' : 'password');

/**
 * One sentence per problem in both languages, for the command line and the host's error frame
 * (the popup may show its own localized texts for the same codes). Never quotes the value.
 */
export const CREDENTIAL_PROBLEM_TEXT: Readonly<Record<CredentialProblem, { en: string; zh_TW: string }>> = {
  'user-empty': { en: 'the user name is empty', zh_TW: '帳號是空的' },
  'user-too-long': {
    en: `the user name is longer than ${CREDENTIAL_LIMITS.user} characters`,
    zh_TW: `帳號超過 ${CREDENTIAL_LIMITS.user} 個字元`,
  },
  'user-control': {
    en: 'the user name contains a control character (such as a line break or tab); type it again without one',
    zh_TW: '帳號含有控制字元（例如換行或定位字元）；請重新輸入，不要包含這些字元',
  },
  'password-empty': { en: 'the password is empty', zh_TW: '密碼是空的' },
  'password-too-long': {
    en: `the password is longer than ${CREDENTIAL_LIMITS.password} characters`,
    zh_TW: `密碼超過 ${CREDENTIAL_LIMITS.password} 個字元`,
  },
  'password-line-break': {
    en: 'the password contains a line break or NUL character, which no mail server login can carry',
    zh_TW: '密碼含有換行或 NUL 字元，郵件伺服器的登入無法傳送這些字元',
  },
};
