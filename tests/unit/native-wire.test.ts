import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { HostReplySchema, HostRequestSchema, HostnameSchema, ServiceResultSchema } from '@/contract/protocol';
import { PortSchema } from '@/contract/mail2000-schemas';
import { HostnameMini, hostReply, hostRequest, parseReply, parseRequest, PortMini, serviceResult } from '@/helper/native/wire';
import { ConfigSchema } from '@/helper/config';

// The native host validates with the zod/mini copies in helper/native/wire.ts (for its cold start);
// they must judge every message exactly as the classic schemas of utils/protocol.ts do.

const results = ['all-ok', '995-blocked', 'cert-expired', 'warnings'].flatMap(
  (f) => JSON.parse(readFileSync(new URL(`../fixtures/probe/${f}.json`, import.meta.url), 'utf8')).results as Record<string, unknown>[],
);
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

describe("the host's zod/mini schemas agree with the classic protocol schemas", () => {
  // parseRequest / parseReply are what the host calls (one option by `type`, built on demand);
  // the full unions must agree as well.
  it.each(requests.map((m) => [JSON.stringify(m)?.slice(0, 80), m]))('request %s', (_name, m) => {
    const classic = verdict(HostRequestSchema.safeParse(m));
    expect(verdict(parseRequest(m))).toEqual(classic);
    expect(verdict(hostRequest().safeParse(m))).toEqual(classic);
  });

  it.each(replies.map((m) => [JSON.stringify(m).slice(0, 80), m]))('reply %s', (_name, m) => {
    const classic = verdict(HostReplySchema.safeParse(m));
    expect(verdict(parseReply(m))).toEqual(classic);
    expect(verdict(hostReply().safeParse(m))).toEqual(classic);
  });

  it('service results, host names and ports', () => {
    for (const r of results) expect(verdict(serviceResult().safeParse(r))).toEqual(verdict(ServiceResultSchema.safeParse(r)));
    for (const h of ['mail.au.edu.tw', '127.0.0.1', '::1', 'localhost', '', 'a b', '-x.tw', 'x'.repeat(254), 7]) {
      expect(verdict(HostnameMini.safeParse(h))).toEqual(verdict(HostnameSchema.safeParse(h)));
    }
    for (const p of [1, 110, 65535, 0, 65536, 1.5, '110', NaN]) expect(verdict(PortMini.safeParse(p))).toEqual(verdict(PortSchema.safeParse(p)));
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
