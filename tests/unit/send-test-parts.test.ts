/**
 * The forwarding test's pure parts: bounce parsing, SPF and DMARC record parsing and the notes they
 * lead to, the host choice, the send-test arguments, inert terminal output, the host's send pace,
 * and the extension's locale strings kept equal to the helper's texts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBounceCandidate, parseBounce } from '@/helper/send-test/bounce';
import { allOf, parseSpf, pickSpf } from '@/helper/send-test/spf';
import { parseDmarc, policyNotes } from '@/helper/send-test/policy';
import { POLICY_NOTE_TEXT } from '@/helper/send-test/policy-notes';
import { RESULT_TEXT } from '@/helper/send-test/hints';
import { chooseHost } from '@/helper/send-test/host-choice';
import { parseSendTestArgs } from '@/helper/cli/send-test-args';
import { UsageError } from '@/helper/cli/args';
import { inert, inertJson } from '@/helper/cli/inert';
import { createSendLimit } from '@/helper/native/send-limit';
import { POLICY_NOTE_CODES } from '@/contract/mail-policy';
import { SEND_OUTCOMES, SEND_STAGE_NAMES } from '@/contract/send-test';
import { SEND_TEST_LIMITS } from '@/contract/limits';

const TOKEN = 'abcd23efgh';
/** The parts of a Postfix bounce the parser reads (a DSN's per-recipient fields and the returned headers). */
const POSTFIX_BOUNCE = [
  'This is the mail system at host m2k-test.localdomain.',
  '',
  '--A1B2.1700000000/m2k-test.localdomain',
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; m2k-test.localdomain',
  '',
  'Final-Recipient: rfc822; inbox@refused.test',
  'Original-Recipient: rfc822;alice@school.test',
  'Action: failed',
  'Status: 5.7.26',
  'Diagnostic-Code: smtp; 550-5.7.26 Unauthenticated email from school.test is not',
  "    accepted due to domain's DMARC policy",
  '',
  '--A1B2.1700000000/m2k-test.localdomain',
  'Content-Type: text/rfc822-headers',
  '',
  `Subject: [M2K-TEST ${TOKEN}] Mail2000`,
];

describe('bounces', () => {
  it('candidates are multipart/report or carry bounce words in their subject', () => {
    expect(isBounceCandidate('anything', 'multipart/report; report-type=delivery-status; boundary="x"')).toBe(true);
    expect(isBounceCandidate('Undelivered Mail Returned to Sender', 'multipart/mixed')).toBe(true);
    expect(isBounceCandidate('退信通知', 'text/plain')).toBe(true);
    expect(isBounceCandidate(`[M2K-TEST ${TOKEN}] Mail2000 → Gmail 轉寄測試 forwarding test`, 'text/plain; charset=UTF-8')).toBe(false);
  });

  it('a DSN that names the token gives its status, the remote reply, the refused recipient and the diagnostic', () => {
    const b = parseBounce(POSTFIX_BOUNCE, TOKEN, (s) => s.slice(0, 300));
    expect(b).toEqual({
      status: '5.7.26',
      reply: 550,
      recipient: 'inbox@refused.test',
      detail: "550-5.7.26 Unauthenticated email from school.test is not accepted due to domain's DMARC policy",
    });
  });

  it('a DSN about another message is not ours', () => {
    expect(parseBounce(POSTFIX_BOUNCE, 'zzzz23efgh', (s) => s)).toBeUndefined();
  });

  it('the text function (redaction) is applied to what the bounce quotes', () => {
    const b = parseBounce(POSTFIX_BOUNCE, TOKEN, (s) => s.replace(/school/g, '***'));
    expect(b?.detail).toContain('from ***.test');
  });
});

describe('SPF and DMARC records', () => {
  it('picks the one v=spf1 record, joining its strings; several are an error', () => {
    expect(pickSpf([['v=spf1 ip4:192.0.2.0/24 ', '-all'], ['google-site-verification=x']])).toBe('v=spf1 ip4:192.0.2.0/24 -all');
    expect(pickSpf([['v=spf1 -all'], ['v=spf1 +all']])).toBe('several');
    expect(pickSpf([['v=spf10 x']])).toBeUndefined();
  });

  it('parses qualifiers, mechanisms, CIDR lengths and redirect', () => {
    expect(
      parseSpf(
        'v=spf1 ip4:192.0.2.0/24 -ip6:2001:db8::/32 a:mail.school.test/28 mx ~include:_spf.example.test redirect=_spf.school.test exp=x',
      ),
    ).toEqual({
      terms: [
        { qualifier: 'pass', mechanism: 'ip4', value: '192.0.2.0', cidr4: 24 },
        { qualifier: 'fail', mechanism: 'ip6', value: '2001:db8::', cidr6: 32 },
        { qualifier: 'pass', mechanism: 'a', value: 'mail.school.test', cidr4: 28 },
        { qualifier: 'pass', mechanism: 'mx' },
        { qualifier: 'softfail', mechanism: 'include', value: '_spf.example.test' },
      ],
      redirect: '_spf.school.test',
    });
    expect(allOf('v=spf1 mx ~all')).toBe('softfail');
    expect(allOf('v=spf1 mx')).toBeUndefined();
  });

  it('reads DMARC tags, ignoring unknown policies and a pct out of range', () => {
    expect(parseDmarc('v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:x@y')).toEqual({
      policy: 'quarantine',
      subdomainPolicy: 'reject',
      pct: 50,
    });
    expect(parseDmarc('v=DMARC1;p=Reject')).toEqual({ policy: 'reject' });
    expect(parseDmarc('v=DMARC1; p=maybe; pct=150')).toEqual({});
  });

  it('the notes: colleagues by the SPF verdict, always outside senders and the kept copy, DMARC when strict and not listed', () => {
    const spf = (server: 'listed' | 'not-listed' | 'unknown') => ({ found: true, server });
    expect(policyNotes(spf('listed'), { found: true, policy: 'reject' })).toEqual(['colleagues-pass', 'outside-dkim', 'keep-copy']);
    expect(policyNotes(spf('not-listed'), { found: true, policy: 'quarantine' })).toEqual([
      'colleagues-spf-not-listed',
      'outside-dkim',
      'dmarc-strict',
      'keep-copy',
    ]);
    expect(policyNotes(spf('unknown'), { found: false })).toEqual(['colleagues-spf-unknown', 'outside-dkim', 'keep-copy']);
  });
});

describe('which server a test sends through', () => {
  it('the named one, else the known Mail2000 site of the domain, else none', () => {
    expect(chooseHost('a@school.test', 'Mail.School.Test')).toEqual({ host: 'mail.school.test', source: 'given' });
    expect(chooseHost('staff@au.edu.tw', undefined)).toEqual({ host: 'mail.au.edu.tw', source: 'known-site' });
    expect(chooseHost('staff@cc.au.edu.tw', undefined)).toEqual({ host: 'mail.au.edu.tw', source: 'known-site' });
    expect(chooseHost('someone@example.test', undefined)).toEqual({ domain: 'example.test' });
  });
});

describe('send-test arguments', () => {
  const base = ['alice@school.test', '--user', 'alice', '--password-stdin'];
  it('parses every option', () => {
    expect(
      parseSendTestArgs(
        [
          ...base,
          '--host',
          'localhost',
          '--smtps',
          '10465',
          '--submission',
          '10587',
          '--imaps',
          '10993',
          '--pop3s',
          '10995',
          '--ca',
          'ca.pem',
          '--check-copy',
          '--timeout',
          '30000',
          '--dns',
          '127.0.0.1:5353',
          '--json',
        ],
        'en',
      ),
    ).toEqual({
      address: 'alice@school.test',
      host: 'localhost',
      ports: { smtps: 10465, submission: 10587, imaps: 10993, pop3s: 10995 },
      user: 'alice',
      ca: 'ca.pem',
      checkCopy: true,
      timeoutMs: 30000,
      dns: '127.0.0.1:5353',
      json: true,
    });
    expect(parseSendTestArgs(['--help'], 'en')).toBeUndefined();
  });

  it.each([
    [['alice@school.test'], /--user NAME and --password-stdin/],
    [['alice@school.test', '--user', 'alice', '--password', 'x'], /Unknown option '--password'/],
    [[...base, '--timeout', '10'], /--timeout/],
    [[...base, '--smtps', 'x'], /--smtps: must be a number/],
    [[...base, '--host', 'bad host'], /--host/],
    [['not-an-address', '--user', 'a', '--password-stdin'], /ADDRESS: this is not an e-mail address/],
    [['a@b.test', 'c@d.test', '--user', 'a', '--password-stdin'], /one ADDRESS/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseSendTestArgs(argv, 'en')).toThrow(UsageError);
    expect(() => parseSendTestArgs(argv, 'en')).toThrow(message);
  });

  it('says what is wrong with the address in Traditional Chinese too', () => {
    expect(() => parseSendTestArgs(['a@b\r\n.test', '--user', 'a', '--password-stdin'], 'zh-TW')).toThrow(/ADDRESS: 電子郵件地址含有換行/);
  });
});

describe('inert output', () => {
  it('escapes C0, DEL, C1 and bidi controls, and nothing else', () => {
    expect(inert('ok\u001b[2J\u0007\r\n\t\u007f\u009b\u202eevil\u2066 中文 é')).toBe(
      'ok\\x1b[2J\\x07\\r\\n\\t\\x7f\\x9b\\u202eevil\\u2066 中文 é',
    );
  });

  it('JSON: the same value back, with C1 and bidi controls as \\u escapes', () => {
    const value = { detail: 'a\u001b\u009b\u202eb', n: 1 };
    const text = inertJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("the host's send pace", () => {
  it(`allows ${SEND_TEST_LIMITS.perWindow} tests in the window, then says how long to wait`, () => {
    let t = 1_000_000;
    const limit = createSendLimit(() => t);
    for (let i = 0; i < SEND_TEST_LIMITS.perWindow; i++) {
      expect(limit.take()).toEqual({ ok: true });
      t += 1000;
    }
    expect(limit.take()).toEqual({ ok: false, waitMs: SEND_TEST_LIMITS.windowMs - SEND_TEST_LIMITS.perWindow * 1000 });
    t = 1_000_000 + SEND_TEST_LIMITS.windowMs;
    expect(limit.take()).toEqual({ ok: true });
  });
});

describe("the extension's locale strings for the forwarding test", () => {
  const load = (lang: string) =>
    JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<string, { message: string }>;
  const locales = { en: load('en'), zh_TW: load('zh_TW') };
  const key = (prefix: string, code: string) => `${prefix}_${code.replace(/-/g, '_')}`;

  it('every policy note and every result says in the locales exactly what the helper says', () => {
    for (const lang of ['en', 'zh_TW'] as const) {
      for (const code of POLICY_NOTE_CODES)
        expect(locales[lang][key('sendtest_policy', code)]?.message, code).toBe(POLICY_NOTE_TEXT[code][lang]);
      for (const code of [...SEND_OUTCOMES, 'copy-missing', 'bounced'] as const)
        expect(locales[lang][key('sendtest_result', code)]?.message, code).toBe(RESULT_TEXT[code][lang]);
    }
  });

  it('every stage name of the report has a label', () => {
    for (const lang of ['en', 'zh_TW'] as const)
      for (const s of SEND_STAGE_NAMES) expect(locales[lang][`probe_stage_${s}`]?.message, s).toBeTruthy();
  });
});
