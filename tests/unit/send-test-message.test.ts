/**
 * The forwarding test's message (helper/send-test/message.ts, mime.ts) and its rules
 * (contract/send-test-rules.ts): headers, the RFC 2047 subject and its decoding, the base64 body in
 * both languages, dot-stuffing, the token, and the address rule that keeps line breaks out.
 */
import { describe, expect, it } from 'vitest';
import { bodyText, buildTestMessage, newToken, rfc5322Date } from '@/helper/send-test/message';
import { decodeHeaderValue, dotStuff, encodeHeaderValue, headerFields } from '@/helper/send-test/mime';
import { addressProblem, subjectHasToken, testSubject, testTag, TOKEN_RE } from '@/contract/send-test-rules';

const TOKEN = 'abcd23efgh';

/** The message split at the blank line, headers unfolded into a map. */
function parse(lines: string[]) {
  const blank = lines.indexOf('');
  const fields = headerFields(lines.slice(0, blank));
  return { fields: new Map(fields), order: fields.map(([k]) => k), body: lines.slice(blank + 1) };
}

describe('the test message', () => {
  const date = new Date(Date.UTC(2026, 11, 1, 8, 5, 9));
  const m = buildTestMessage('alice@School.test', TOKEN, date);
  const { fields, order, body } = parse(m.lines);

  it('has From and To the address, a Date, a Message-ID on the address domain, and a text/plain UTF-8 body in base64', () => {
    expect(order).toEqual(['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding']);
    expect(fields.get('from')).toBe('<alice@School.test>');
    expect(fields.get('to')).toBe('<alice@School.test>');
    expect(fields.get('date')).toBe('Tue, 01 Dec 2026 08:05:09 +0000');
    expect(fields.get('message-id')).toMatch(/^<m2k-test\.abcd23efgh\.[0-9a-f]{12}@school\.test>$/);
    expect(m.messageId).toBe(fields.get('message-id'));
    expect(fields.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(fields.get('content-transfer-encoding')).toBe('base64');
  });

  it('keeps every line within 78 characters, with no line break or NUL inside a line', () => {
    for (const l of m.lines) {
      expect(l.length).toBeLessThanOrEqual(78);
      expect(l).not.toMatch(/[\r\n\0]/);
    }
  });

  it('puts the token tag in the subject as plain ASCII and encodes the rest (RFC 2047), which decodes back', () => {
    const raw = fields.get('subject')!;
    expect(raw.startsWith(`${testTag(TOKEN)} Mail2000`)).toBe(true);
    expect(raw).toMatch(/=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=/);
    expect(raw).not.toMatch(/[^\x20-\x7e\t]/);
    expect(decodeHeaderValue(raw)).toBe(testSubject(TOKEN));
    expect(m.subject).toBe(testSubject(TOKEN));
  });

  it('says in zh-TW and English what it is and that it may be deleted, with the token', () => {
    const text = Buffer.from(body.join(''), 'base64').toString('utf8');
    expect(text).toBe(bodyText(TOKEN));
    expect(text).toContain('轉寄測試信');
    expect(text).toContain('可以直接刪除');
    expect(text).toContain('This is a forwarding test message');
    expect(text).toContain('You can delete this message.');
    expect(text.match(new RegExp(TOKEN, 'g'))).toHaveLength(2);
  });

  it('refuses an address with a line break (header injection) and a token that is not one', () => {
    expect(() => buildTestMessage('alice@school.test\r\nBcc: eve@evil.test', TOKEN)).toThrow(/line break/);
    expect(() => buildTestMessage('alice@school.test', 'ABC\r\nX')).toThrow(/token/);
  });
});

describe('header encoding', () => {
  it('splits long non-ASCII text into encoded-words of at most 75 characters without cutting a character', () => {
    const text = '轉寄測試'.repeat(20);
    const lines = encodeHeaderValue('Subject', text);
    for (const w of lines.join(' ').match(/=\?[^ ]+\?=/g)!) expect(w.length).toBeLessThanOrEqual(75);
    expect(decodeHeaderValue(lines.join('\r\n').slice('Subject: '.length))).toBe(text);
  });

  it('leaves ASCII alone and decodes Q encoding, ISO-8859-1 and folded lines', () => {
    expect(encodeHeaderValue('Subject', 'plain words')).toEqual(['Subject: plain words']);
    expect(decodeHeaderValue('=?ISO-8859-1?Q?caf=E9_au_lait?=')).toBe('café au lait');
    expect(decodeHeaderValue('Fwd: [M2K-TEST abcd23efgh]\r\n =?UTF-8?B?6L2J5a+E?=')).toBe('Fwd: [M2K-TEST abcd23efgh] 轉寄');
  });
});

describe('dot-stuffing', () => {
  it('doubles a leading dot on every line and leaves other lines alone', () => {
    expect(dotStuff(['.', '..x', '.hidden', 'a.b', '', ' .'])).toEqual(['..', '...x', '..hidden', 'a.b', '', ' .']);
  });
});

describe('tokens and subjects', () => {
  it('a fresh token is 10 characters from the alphabet without look-alikes, different each time', () => {
    const tokens = Array.from({ length: 200 }, newToken);
    for (const t of tokens) expect(t).toMatch(TOKEN_RE);
    expect(new Set(tokens).size).toBe(200);
    expect(tokens.join('')).not.toMatch(/[01ilo]/);
  });

  it('a subject matches its own token whatever the case and prefixes, never another token', () => {
    expect(subjectHasToken(`Fwd: ${testSubject(TOKEN)}`, TOKEN)).toBe(true);
    expect(subjectHasToken(`[m2k-test ${TOKEN}] x`, TOKEN)).toBe(true);
    expect(subjectHasToken(testSubject('zzzz23efgh'), TOKEN)).toBe(false);
    expect(subjectHasToken(`something about ${TOKEN}`, TOKEN)).toBe(false);
  });

  it('rfc5322Date pads and names days and months', () => {
    expect(rfc5322Date(new Date(Date.UTC(2027, 0, 3, 23, 59, 1)))).toBe('Sun, 03 Jan 2027 23:59:01 +0000');
  });
});

describe('the address rule', () => {
  it.each([
    ['alice@school.edu.tw', null],
    ["o'neil+test@mail.au.edu.tw", null],
    ['', 'address-empty'],
    ['alice', 'address-invalid'],
    ['alice@school', 'address-invalid'],
    ['@school.test', 'address-invalid'],
    ['a b@school.test', 'address-invalid'],
    ['alice@school.test.', 'address-invalid'],
    ['alice@-school.test', 'address-invalid'],
    [`${'a'.repeat(65)}@school.test`, 'address-invalid'],
    ['alice@school.test\r\n', 'address-control'],
    ['alice@school.test\u2028', 'address-control'],
    [`a@${Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')}.test`, 'address-too-long'],
  ])('%j → %s', (address, problem) => {
    expect(addressProblem(address)).toBe(problem);
  });
});
