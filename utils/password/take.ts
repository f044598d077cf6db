/**
 * A Mail2000 password taken out of its field for the one request that uses it (the popup's login
 * test, the forwarding test): checked with the shared credential rule first. The field is emptied
 * whenever the password is taken, and also when it cannot be sent at all (it must be typed again);
 * only an empty one stays as it is.
 */
import { credentialProblem, type CredentialProblem } from '@/contract/credential';

export type Taken = { credential: { user: string; password: string }; problem: null } | { credential: null; problem: CredentialProblem };

export function takeCredential(field: HTMLInputElement, user: string): Taken {
  const password = field.value;
  const problem = credentialProblem(user.trim(), password);
  if (problem) {
    if (problem.startsWith('password-') && problem !== 'password-empty') field.value = '';
    return { credential: null, problem };
  }
  field.value = '';
  return { credential: { user: user.trim(), password }, problem: null };
}
