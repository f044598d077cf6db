/**
 * The forwarding test's rules that every side needs before any schema (zod-free, like
 * credential.ts): the token that marks the test message's subject and how a subject is matched
 * against it, the one rule for the address it is sent from and to, and the test's limits. The
 * Gmail side's watcher matches subjects with `subjectHasToken`, the helper builds them with
 * `testSubject`, so both sides agree on one format.
 */

/** Lower-case letters and digits without the look-alikes 0/o, 1/l/i: a token read aloud or retyped survives. */
export const TOKEN_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const TOKEN_LENGTH = 10;
export const TOKEN_RE = /^[2-9a-hjkmnp-z]{10}$/;

/** The part of the subject that carries the token; ASCII, so it survives any header encoding untouched. */
export const testTag = (token: string): string => `[M2K-TEST ${token}]`;

/** The whole subject of a test message (the words after the tag are the same in every language). */
export const testSubject = (token: string): string => `${testTag(token)} Mail2000 → Gmail 轉寄測試 forwarding test`;

/**
 * Whether a decoded subject carries this token's tag. Prefixes a forwarder or a person adds
 * ("Fwd:", "轉寄：") and case changes of the tag's word do not matter; another token does.
 */
export function subjectHasToken(subject: string, token: string): boolean {
  return subject.toLowerCase().includes(testTag(token).toLowerCase());
}

/** What is wrong with an address the test would send from and to. */
export type AddressProblem = 'address-empty' | 'address-too-long' | 'address-control' | 'address-invalid';

/** The longest address SMTP carries (RFC 5321: 64 + 1 + 255, less the path's angle brackets in 256). */
export const MAX_ADDRESS_LENGTH = 254;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: any of them in a header
// or an SMTP command would end the line early and inject another header or command.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// A dot-atom local part (no quoted strings: nobody's school address needs one) and a host name
// with at least one dot, made of LDH labels.
const ADDRESS_RE =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function addressProblem(address: string): AddressProblem | null {
  if (address.length === 0) return 'address-empty';
  if (CONTROL.test(address)) return 'address-control';
  if (address.length > MAX_ADDRESS_LENGTH) return 'address-too-long';
  const at = address.lastIndexOf('@');
  if (!ADDRESS_RE.test(address) || at > 64) return 'address-invalid';
  return null;
}

/** One sentence per problem in both languages; never quotes the value (it may hold control characters). */
export const ADDRESS_PROBLEM_TEXT: Readonly<Record<AddressProblem, { en: string; zh_TW: string }>> = {
  'address-empty': { en: 'the address is empty', zh_TW: '電子郵件地址是空的' },
  'address-too-long': {
    en: `the address is longer than ${MAX_ADDRESS_LENGTH} characters`,
    zh_TW: `電子郵件地址超過 ${MAX_ADDRESS_LENGTH} 個字元`,
  },
  'address-control': {
    en: 'the address contains a line break or another control character',
    zh_TW: '電子郵件地址含有換行或其他控制字元',
  },
  'address-invalid': {
    en: 'this is not an e-mail address like name@school.edu.tw',
    zh_TW: '這不是像 name@school.edu.tw 這樣的電子郵件地址',
  },
};
