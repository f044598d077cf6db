import { describe, expect, it } from 'vitest';
import '@/helper/zod-english';
import { HostReplySchema, HostRequestSchema, HostnameSchema, PortSchema, ServiceResultSchema } from '@/contract/protocol';
import { ConfigSchema } from '@/helper/config';
import { probeFixture } from '../support/probe/fixtures';

// The host protocol's schemas (contract/protocol.ts), as the native host and the extension use them.

const results = (['all-ok', '995-blocked', 'cert-expired', 'warnings'] as const).flatMap((f) => probeFixture(f).results);
const r0 = results[0]!;

const requests: unknown[] = [
  { type: 'hello' },
  { type: 'hello', extra: 1 },
  { type: 'hello', id: 'h' },
  { type: 'Hello' },
  { type: ['hello'] },
  { type: 'goodbye' },
  { type: 'probe', id: 'p1' },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw' },
  { type: 'probe', id: 'p', host: '127.0.0.1', ports: { pop3: 10110, imaps: 10993 }, only: ['pop3', 'imaps'], timeoutMs: 5000 },
  { type: 'probe', id: 'p', host: '::1', credential: { user: 'u', password: 'pw' } },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', ports: { pop3: 0 } },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', ports: { pop3: 1.5 } },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', ports: { ftp: 21 } },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', timeoutMs: 1 },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', timeoutMs: 500.5 },
  { type: 'probe', id: 'p', host: 'no spaces allowed' },
  { type: 'probe', id: 'p', host: 'a'.repeat(254) },
  { type: 'probe', id: '', host: 'mail.au.edu.tw' },
  { type: 'probe', id: 'x'.repeat(65), host: 'mail.au.edu.tw' },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', only: [] },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', only: ['telnet'] },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', credential: { user: 'u', password: '' } },
  { type: 'probe', id: 'p', host: 'mail.au.edu.tw', credential: { user: 'u', password: 'pw', extra: 1 } },
  { type: 'probe', id: 'p', host: '127.0.0.1', port: { pop3: 10110 } },
  { type: 'probe', id: 7, host: 'mail.au.edu.tw' },
  null,
  'hello',
  [],
  {},
];

const replies: unknown[] = [
  { type: 'hello', version: 1, helperVersion: '0.1.0', allow: ['mail.au.edu.tw', '127.0.0.1:10110'] },
  { type: 'hello', version: 2, helperVersion: '0.1.0', allow: [] },
  ...results.map((result) => ({ type: 'result', id: 'r', result })),
  { type: 'result', id: 'r', result: { ...r0, service: 'ftp' } },
  { type: 'result', id: 'r', result: { ...r0, port: 70000 } },
  { type: 'result', id: 'r', result: { ...r0, greeting: 'x'.repeat(1025) } },
  { type: 'result', id: 'r', result: { ...r0, capabilities: Array(201).fill('A') } },
  { type: 'result', id: 'r', result: { ...r0, stages: [{ name: 'magic', ok: true, ms: 1 }] } },
  { type: 'result', id: 'r', result: { ...r0, warnings: undefined, tls: { trusted: true, nameMatches: true } } },
  { type: 'summary', id: 'r', host: 'h', ms: 5, ok: true },
  { type: 'summary', id: 'r', host: 'h', ms: -5, ok: true },
  { type: 'error', code: 'busy', message: 'probe r is still running' },
  { type: 'error', id: 'r', code: 'teapot', message: '' },
  { type: 'nonsense' },
];

/** What the host acts on: the verdict, the parsed value, and the first issue (path and message go into its reply). */
function verdict(r: { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string; code: string }[] } }) {
  const issue = r.error?.issues[0];
  return { success: r.success, data: r.data, issue: issue && { path: issue.path, message: issue.message, code: issue.code } };
}

/** Which of the lists above the host must accept; every other entry must be refused. */
const VALID_REQUESTS = new Set([0, 7, 8, 9]);
const VALID_REPLIES = new Set([0, ...results.map((_, i) => 2 + i), 2 + results.length + 5, 2 + results.length + 6, 2 + results.length + 8]);

describe('the host protocol', () => {
  it.each(requests.map((m, i) => [i, JSON.stringify(m)?.slice(0, 80), m]))('request %i %s', (i, _name, m) => {
    const v = verdict(HostRequestSchema.safeParse(m));
    expect(v.success).toBe(VALID_REQUESTS.has(i as number));
    // The host quotes the first issue in its reply: English words, never an input value.
    if (v.issue) expect(v.issue.message).not.toBe('Invalid input');
  });

  it.each(replies.map((m, i) => [i, JSON.stringify(m).slice(0, 80), m]))('reply %i %s', (i, _name, m) => {
    expect(verdict(HostReplySchema.safeParse(m)).success).toBe(VALID_REPLIES.has(i as number));
  });

  it('fills the defaults of a result, and checks host names and ports', () => {
    const minimal = ServiceResultSchema.parse({ ...r0, warnings: undefined, tls: { trusted: true, nameMatches: true } });
    expect(minimal.warnings).toEqual([]);
    expect(minimal.tls?.san).toEqual([]);
    const hosts = ['mail.au.edu.tw', '127.0.0.1', '::1', 'localhost', '', 'a b', '-x.tw', 'x'.repeat(254), 7];
    expect(hosts.map((h) => HostnameSchema.safeParse(h).success)).toEqual([true, true, true, true, false, false, false, false, false]);
    const ports = [1, 110, 65535, 0, 65536, 1.5, '110', NaN];
    expect(ports.map((p) => PortSchema.safeParse(p).success)).toEqual([true, true, true, false, false, false, false, false]);
  });

  it('the config schema (zod/mini too) still checks allow specs and fills defaults', () => {
    expect(ConfigSchema.parse({ version: 1 })).toEqual({ version: 1, allow: [], extensionIds: [], addonIds: [] });
    expect(ConfigSchema.safeParse({ version: 1, allow: ['127.0.0.1:10110+10995', '[::1]:2525'] }).success).toBe(true);
    const bad = ConfigSchema.safeParse({ version: 1, allow: ['127.0.0.1:0'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('not a HOST or HOST:PORT+PORT allow spec');
    expect(ConfigSchema.safeParse({ version: 1, extensionIds: ['not-an-id'] }).success).toBe(false);
    expect(ConfigSchema.safeParse({ version: 1, allow: Array(51).fill('mail.au.edu.tw') }).success).toBe(false);
  });
});
