/**
 * The one rule for a login test's credential, zod-free so the popup can apply it before anything is
 * sent, and the same in the native host and the CLI: a control character in the user name, or a
 * CR, LF or NUL in the password, would end a protocol line early and inject a command.
 */
import { CREDENTIAL_LIMITS } from './limits';

export type CredentialProblem =
  | 'user-empty'
  | 'user-too-long'
  | 'user-control'
  | 'password-empty'
  | 'password-too-long'
  | 'password-line-break';

// C0 controls and DEL, plus the Unicode line and paragraph separators some servers also split on.
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
const LINE_BREAK = /[\r\n\u0000]/;

/** The first thing wrong with a credential, or null when it may be sent. */
export function credentialProblem(user: string, password: string): CredentialProblem | null {
  if (user.length === 0) return 'user-empty';
  if (user.length > CREDENTIAL_LIMITS.user) return 'user-too-long';
  if (CONTROL.test(user)) return 'user-control';
  if (password.length === 0) return 'password-empty';
  if (password.length > CREDENTIAL_LIMITS.password) return 'password-too-long';
  if (LINE_BREAK.test(password)) return 'password-line-break';
  return null;
}
