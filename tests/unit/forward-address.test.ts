// @vitest-environment happy-dom
// The Gmail address the panel forwards to: what is wrong with a typed one (a line break above all,
// which would put a second line into the webmail's form), and reading it from Gmail's page.
import { describe, expect, it } from 'vitest';
import { addressProblem, gmailAddressOf } from '@/utils/forward/address';
import { GmailAddressSchema } from '@/utils/forward/schema';

describe('addressProblem', () => {
  it.each([
    ['tester.m2k@gmail.com', null],
    ['s1234567@au.edu.tw', null],
    ["o'brien+m2k@example.co.uk", null],
    ['', 'empty'],
    ['   ', 'empty'],
    ['a@b.c\r\nBcc: x@evil.example', 'line-break'],
    ['a@gmail.com\n', 'line-break'],
    ['name', 'invalid'],
    ['name@', 'invalid'],
    ['a b@gmail.com', 'invalid'],
    ['a@gmail', 'invalid'],
    [`${'a'.repeat(250)}@gmail.com`, 'too-long'],
  ] as const)('%j: %s', (text, problem) => {
    expect(addressProblem(text)).toBe(problem);
    // The background's schema agrees: what the panel lets through, it takes; what it refuses, it refuses.
    expect(GmailAddressSchema.safeParse(text).success).toBe(problem === null);
  });
});

describe('gmailAddressOf', () => {
  const page = (title: string, ...labels: string[]) => {
    document.title = title;
    document.body.replaceChildren(
      ...labels.map((l) => {
        const a = document.createElement('a');
        a.setAttribute('aria-label', l);
        return a;
      }),
    );
    return document;
  };
  it('from the title, Gmail and Workspace', () => {
    expect(gmailAddressOf(page('Inbox (3) - tester.m2k@gmail.com - Gmail'))).toBe('tester.m2k@gmail.com');
    expect(gmailAddressOf(page('Settings - s1234567@au.edu.tw - 真理大學 Mail'))).toBe('s1234567@au.edu.tw');
    // A subject may hold addresses too: the account is the part before the last.
    expect(gmailAddressOf(page('a@example.org - tester.m2k@gmail.com - Gmail'))).toBe('tester.m2k@gmail.com');
  });
  it("from the account button's label when the title has none", () => {
    expect(gmailAddressOf(page('Gmail', 'Google Account: Tester (tester.m2k@gmail.com)'))).toBe('tester.m2k@gmail.com');
    expect(gmailAddressOf(page('Gmail', 'Google 帳戶：測試者 (s1234567@au.edu.tw)'))).toBe('s1234567@au.edu.tw');
  });
  it('nothing when neither says one address: the person types it', () => {
    expect(gmailAddressOf(page('Gmail'))).toBeNull();
    expect(gmailAddressOf(page('Re: from a@example.org to b@example.org - Gmail'))).toBeNull();
    expect(gmailAddressOf(page('Gmail', 'Send to a@example.org (b@example.org)'))).toBeNull();
  });
});
