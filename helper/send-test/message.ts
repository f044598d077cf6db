/**
 * The test message: one small text/plain message from the person's address to the same address,
 * with the token in its subject, a Date, a Message-ID on the address's own domain, and a body in
 * zh-TW and English saying what it is and that it can be deleted. Every input is checked first:
 * a line break in the address would add a header (or an SMTP command), so it is refused here as
 * well as by every caller.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { addressProblem, ADDRESS_PROBLEM_TEXT, TOKEN_ALPHABET, TOKEN_LENGTH, TOKEN_RE, testSubject } from '@/contract/send-test-rules';
import { base64Lines, encodeHeaderValue } from './mime';

/** A fresh token from the system's cryptographic random source. */
export function newToken(): string {
  let t = '';
  for (let i = 0; i < TOKEN_LENGTH; i++) t += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return t;
}

export interface TestMessage {
  /** The message's lines, without line ends and not yet dot-stuffed. */
  lines: string[];
  subject: string;
  messageId: string;
}

/** The body: what the message is, in both languages, and that it may be deleted. */
export function bodyText(token: string): string {
  return [
    '這是 Mail2000 Gmail Bridge 的轉寄測試信。',
    `您（或您電腦上的 m2k-probe）從自己的 Mail2000 信箱寄給自己，用來確認 Mail2000 會把信轉寄到 Gmail，並在 Mail2000 保留副本。測試代碼：${token}`,
    '這封信可以直接刪除。',
    '',
    'This is a forwarding test message from Mail2000 Gmail Bridge.',
    `You (or m2k-probe on your computer) sent it from your Mail2000 mailbox to yourself, to check that Mail2000 forwards your mail to Gmail and keeps a copy. Test code: ${token}`,
    'You can delete this message.',
    '',
  ].join('\r\n');
}

/** RFC 5322 date-time in UTC, e.g. `Tue, 01 Dec 2026 08:15:00 +0000`. */
export function rfc5322Date(d: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]!;
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function buildTestMessage(address: string, token: string, date: Date = new Date()): TestMessage {
  const problem = addressProblem(address);
  if (problem) throw new Error(`address: ${ADDRESS_PROBLEM_TEXT[problem].en}`);
  if (!TOKEN_RE.test(token)) throw new Error('token: not a test token');
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const subject = testSubject(token);
  const messageId = `<m2k-test.${token}.${randomBytes(6).toString('hex')}@${domain}>`;
  const lines = [
    `From: <${address}>`,
    `To: <${address}>`,
    ...encodeHeaderValue('Subject', subject),
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    ...base64Lines(Buffer.from(bodyText(token), 'utf8')),
  ];
  return { lines, subject, messageId };
}
