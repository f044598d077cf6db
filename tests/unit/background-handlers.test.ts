import { describe, expect, it } from 'vitest';
import { createAuditHandlers, LAST_AUDIT_KEY, PROBE_FRESH_MS, type AuditStoreDeps } from '@/entrypoints/background/audit-store';
import { BadRequest, dispatch, type Handlers } from '@/utils/messaging/router';
import { ProfileSchema } from '@/utils/profile/schema';
import type { ProbeReport } from '@/contract/protocol';
import type { Audit, PageRead } from '@/utils/audit/schema';
import type { HistoryRecord } from '@/utils/history/records';
import { memoryArea } from '../support/storage';

const SELF = { id: 'ext', pagesOrigin: 'chrome-extension://ext/' };
const FROM_PANEL = { id: 'ext', url: 'https://mail.google.com/mail/u/0/#settings/accounts', tab: { id: 1 } };
/** The background's router over some handlers, as a content script on Gmail reaches it. */
const route = (handlers: Partial<Handlers>) => (raw: unknown) => dispatch(handlers as Handlers, raw, FROM_PANEL, SELF, () => undefined);
const refused = (reason: string) => ({ refused: { reason, detail: expect.any(String) } });

describe('audit store', () => {
  const read: PageRead = {
    at: 1_790_000_000_000,
    pageState: 'closed',
    accounts: [{ address: 'a@mail.au.edu.tw', status: 'Error: Connection timed out.', error: 'Connection timed out.', isMail2000: true }],
  };
  const profile = ProfileSchema.parse({ address: 'a@mail.au.edu.tw' });
  const deps = (over: Partial<AuditStoreDeps> = {}): AuditStoreDeps => ({
    loadProfile: async () => profile,
    lastProbe: async () => null,
    ...over,
  });
  const codes = (reply: unknown) => (reply as { audit: Audit }).audit.findings.map((f) => `${f.code}:${f.account ?? ''}`);

  it('judges what the panel read, stores it for the popup, and copies it into history', async () => {
    const area = memoryArea();
    const runs: HistoryRecord[] = [];
    const h = route(createAuditHandlers(area, deps({ saveRun: async (r) => void runs.push(r) })));
    expect(await h({ type: 'audit:last' })).toEqual({ audit: null });
    const reply = (await h({ type: 'audit:save', read })) as { ok: true; audit: Audit; offers: unknown[] };
    expect(codes(reply)).toEqual(['network:a@mail.au.edu.tw', 'pop-retiring:a@mail.au.edu.tw']);
    expect(reply.audit).toMatchObject(read);
    expect(reply.offers).toEqual([]);
    expect(await h({ type: 'audit:last' })).toEqual({ audit: reply.audit });
    expect(runs).toEqual([{ kind: 'audit', at: read.at, audit: reply.audit }]);
  });

  it('refuses an invalid read and treats an unreadable stored audit as none', async () => {
    const area = memoryArea();
    const h = route(createAuditHandlers(area, deps()));
    expect(await h({ type: 'audit:save', read: { ...read, pageState: 'weird' } })).toEqual(refused('bad-request'));
    // The old shape (the panel judging itself) is refused, not half-read.
    expect(await h({ type: 'audit:save', audit: { ...read, findings: [] } })).toEqual(refused('bad-request'));
    expect(area.data.size).toBe(0);
    area.data.set(LAST_AUDIT_KEY, { at: -1 });
    expect(await h({ type: 'audit:last' })).toEqual({ audit: null });
  });

  it("adds the last fresh probe of the profile's server to the judgement", async () => {
    const probe: ProbeReport = {
      host: 'mail.au.edu.tw',
      ms: 30,
      results: [
        {
          service: 'pop3s',
          port: 995,
          ok: true,
          ms: 30,
          stages: [{ name: 'greeting', ok: true, ms: 3 }],
          capabilities: ['USER'],
          warnings: [],
          auth: 'rejected',
        },
      ],
    };
    const asked: Array<[string, number]> = [];
    const area = memoryArea();
    const h = route(
      createAuditHandlers(
        area,
        deps({
          lastProbe: async (host: string, since: number) => {
            asked.push([host, since]);
            return probe;
          },
        }),
      ),
    );
    const clean: PageRead = {
      ...read,
      accounts: [{ address: 'a@mail.au.edu.tw', status: 'Last checked: 1 minute ago.', isMail2000: true }],
    };
    const reply = (await h({ type: 'audit:save', read: clean })) as { ok: true; audit: Audit };
    expect(asked).toEqual([['mail.au.edu.tw', clean.at - PROBE_FRESH_MS]]);
    expect(reply.audit.findings.map((f) => f.code)).toEqual(['auth-denied', 'no-uidl', 'pop-retiring']);
    expect(await h({ type: 'audit:last' })).toEqual({ audit: reply.audit });
  });

  it("judges from Gmail's texts and the date alone when the profile cannot be read", async () => {
    const broken = route(
      createAuditHandlers(
        memoryArea(),
        deps({
          loadProfile: async () => {
            throw new Error('storage gone');
          },
          lastProbe: async () => {
            throw new Error('must not be asked without a profile');
          },
        }),
      ),
    );
    expect(codes(await broken({ type: 'audit:save', read }))).toEqual(['network:a@mail.au.edu.tw', 'pop-retiring:a@mail.au.edu.tw']);
  });

  it("offers the settings of a known Mail2000 site for a fetch account on it that is not the profile's server", async () => {
    const accounts = [
      { address: 'a@mail.au.edu.tw', status: 'Last checked: 1 minute ago.', isMail2000: true },
      { address: 'bob@mail.nutn.edu.tw', status: 'Last checked: 1 minute ago.', isMail2000: false },
      { address: 'carol@gmail.com', status: 'Last checked: 1 minute ago.', isMail2000: false },
      { address: 'dan@cs.mail.ncue.edu.tw', status: 'Last checked: 1 minute ago.', isMail2000: false },
    ];
    const h = route(createAuditHandlers(memoryArea(), deps()));
    const reply = (await h({ type: 'audit:save', read: { ...read, accounts } })) as { offers: unknown[] };
    expect(reply.offers).toEqual([
      { address: 'bob@mail.nutn.edu.tw', host: 'mail.nutn.edu.tw' },
      { address: 'dan@cs.mail.ncue.edu.tw', host: 'mail.ncue.edu.tw' },
    ]);
    // Once the profile is on that site, its accounts count as ours (the panel says so) and nothing is offered.
    const nutn = ProfileSchema.parse({ address: 'bob@mail.nutn.edu.tw', host: 'mail.nutn.edu.tw' });
    const onNutn = route(createAuditHandlers(memoryArea(), deps({ loadProfile: async () => nutn })));
    const again = (await onNutn({
      type: 'audit:save',
      read: {
        ...read,
        accounts: [
          { ...accounts[1]!, isMail2000: true },
          { ...accounts[0]!, isMail2000: false },
        ],
      },
    })) as { offers: Array<{ host: string }> };
    expect(again.offers.map((o) => o.host)).toEqual(['mail.au.edu.tw']);
  });
});

describe('a read with an account address over the limit', () => {
  it('the panel leaves that account out and the background judges the rest (it would refuse the whole read)', async () => {
    const { readOf } = await import('@/entrypoints/gmail-settings/panel/model');
    const { MAX_ADDRESS_CHARS } = await import('@/utils/audit/schema');
    const long = `${'a'.repeat(MAX_ADDRESS_CHARS)}@mail.au.edu.tw`;
    const denied = 'Last checked: 3 minutes ago. Error: Server denied POP3 access for the given username and password.';
    const error = 'Server denied POP3 access for the given username and password.';
    const page = {
      state: 'available' as const,
      accounts: [
        { address: long, status: denied, error, isMail2000: true },
        { address: 'bob@mail.au.edu.tw', status: denied, error, isMail2000: true },
      ],
    };
    const now = Date.parse('2026-11-26T08:00:00Z');
    const pageRead = readOf(page, now)!;
    expect(pageRead.accounts.map((a) => a.address)).toEqual(['bob@mail.au.edu.tw']);
    const area = memoryArea();
    const profile = ProfileSchema.parse({ address: 's1234567@mail.au.edu.tw' });
    const h = route(createAuditHandlers(area, { loadProfile: async () => profile, lastProbe: async () => null }));
    const reply = (await h({ type: 'audit:save', read: pageRead })) as { audit: Audit };
    expect(reply.audit.findings.map((f) => f.code)).toContain('auth-denied');
    expect(reply.audit.findings.every((f) => f.account !== long)).toBe(true);
    expect(area.data.get(LAST_AUDIT_KEY)).toEqual(reply.audit);
    // What the background does with a read that still carries one: refuses it with a reason, logged.
    const lines: string[] = [];
    const raw = { type: 'audit:save', read: { ...pageRead, accounts: [...pageRead.accounts, { ...page.accounts[0]! }] } };
    expect(
      await dispatch(
        createAuditHandlers(area, { loadProfile: async () => profile, lastProbe: async () => null }) as Handlers,
        raw,
        FROM_PANEL,
        SELF,
        (l) => lines.push(l),
      ),
    ).toEqual(refused('bad-request'));
    expect(lines).toEqual([expect.stringMatching(/message refused \(bad-request\): audit:save at read\.accounts\.1\.address/)]);
  });
});

describe('a request the handler refuses', () => {
  it('is answered bad-request with the reason, not handler-failed', async () => {
    const handlers = {
      'find:open': async () => {
        throw new BadRequest('not an address on a known Mail2000 site');
      },
    };
    expect(await route(handlers)({ type: 'find:open', address: 'mallory@evil.example' })).toEqual({
      refused: { reason: 'bad-request', detail: 'find:open: not an address on a known Mail2000 site' },
    });
    const failing = { 'find:open': async () => Promise.reject(new TypeError('boom')) };
    expect(await route(failing)({ type: 'find:open', address: 'a@b.c' })).toEqual({
      refused: { reason: 'handler-failed', detail: 'find:open: TypeError' },
    });
  });
});
