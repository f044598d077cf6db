import { describe, expect, it } from 'vitest';
import { SETUP_INTENT_TTL_MS } from '@/utils/messaging/messages';
import { createSetupIntentHandlers, SETUP_INTENT_KEY, type KeyValueArea } from '@/entrypoints/background/setup-intent';
import { createAuditHandlers, LAST_AUDIT_KEY, PROBE_FRESH_MS, type AuditStoreDeps } from '@/entrypoints/background/audit-store';
import { dispatch, type Handlers } from '@/utils/messaging/router';
import { ProfileSchema } from '@/utils/profile/schema';
import type { ProbeReport } from '@/contract/protocol';
import type { Audit } from '@/utils/audit/schema';

/** An in-memory storage area with the browser's get/set/remove shape (no browser runs in unit tests). */
const memoryArea = (): KeyValueArea & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => (data.has(k) ? { [k]: structuredClone(data.get(k)) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (k) => void data.delete(k),
  };
};

const SELF = { id: 'ext', pagesOrigin: 'chrome-extension://ext/' };
const FROM_PANEL = { id: 'ext', url: 'https://mail.google.com/mail/u/0/#settings/accounts', tab: { id: 1 } };
/** The background's router over some handlers, as a content script on Gmail reaches it. */
const route = (handlers: Partial<Handlers>) => (raw: unknown) => dispatch(handlers as Handlers, raw, FROM_PANEL, SELF, () => undefined);
const refused = (reason: string) => ({ refused: { reason, detail: expect.any(String) } });

describe('setup intent', () => {
  it('is set, peeked without being used up, taken once', async () => {
    let now = 1_000_000;
    const area = memoryArea();
    const h = route(createSetupIntentHandlers(area, () => now));
    expect(await h({ type: 'setup-intent:peek' })).toEqual({ intent: null });
    expect(await h({ type: 'setup-intent:set' })).toEqual({ ok: true });
    now += 1000;
    expect(await h({ type: 'setup-intent:peek' })).toEqual({ intent: { at: 1_000_000 } });
    expect(await h({ type: 'setup-intent:peek' })).toEqual({ intent: { at: 1_000_000 } });
    expect(await h({ type: 'setup-intent:take' })).toEqual({ intent: { at: 1_000_000 } });
    expect(await h({ type: 'setup-intent:take' })).toEqual({ intent: null });
  });

  it('expires after the TTL and is removed from storage', async () => {
    let now = 5_000;
    const area = memoryArea();
    const h = route(createSetupIntentHandlers(area, () => now));
    await h({ type: 'setup-intent:set' });
    now += SETUP_INTENT_TTL_MS;
    expect(await h({ type: 'setup-intent:peek' })).toEqual({ intent: { at: 5_000 } });
    now += 1;
    expect(await h({ type: 'setup-intent:peek' })).toEqual({ intent: null });
    expect(area.data.has(SETUP_INTENT_KEY)).toBe(false);
  });

  it('can be cleared, ignores junk in storage and messages that are not its own', async () => {
    const area = memoryArea();
    const h = route(createSetupIntentHandlers(area, () => 10));
    await h({ type: 'setup-intent:set' });
    expect(await h({ type: 'setup-intent:clear' })).toEqual({ ok: true });
    expect(await h({ type: 'setup-intent:take' })).toEqual({ intent: null });
    area.data.set(SETUP_INTENT_KEY, { at: 'yesterday' });
    expect(await h({ type: 'setup-intent:peek' })).toEqual({ intent: null });
    expect(await h({ type: 'nope' })).toEqual(refused('unknown-type'));
    expect(await h(null)).toEqual(refused('unknown-type'));
  });
});

describe('audit store', () => {
  const audit: Audit = {
    at: 1_790_000_000_000,
    pageState: 'closed',
    accounts: [{ address: 'a@mail.au.edu.tw', status: 'Error: Connection timed out.', error: 'Connection timed out.', isMail2000: true }],
    findings: [{ code: 'network', severity: 'error', account: 'a@mail.au.edu.tw' }],
  };

  it('saves and returns the last audit', async () => {
    const area = memoryArea();
    const h = route(createAuditHandlers(area));
    expect(await h({ type: 'audit:last' })).toEqual({ audit: null });
    expect(await h({ type: 'audit:save', audit })).toEqual({ ok: true, audit });
    expect(await h({ type: 'audit:last' })).toEqual({ audit });
  });

  it('refuses an invalid audit and treats an unreadable stored one as none', async () => {
    const area = memoryArea();
    const h = route(createAuditHandlers(area));
    expect(await h({ type: 'audit:save', audit: { ...audit, pageState: 'weird' } })).toEqual(refused('bad-request'));
    expect(area.data.size).toBe(0);
    area.data.set(LAST_AUDIT_KEY, { at: -1 });
    expect(await h({ type: 'audit:last' })).toEqual({ audit: null });
  });

  it("completes the findings with the last fresh probe of the profile's server", async () => {
    const profile = ProfileSchema.parse({ address: 'a@mail.au.edu.tw' });
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
      createAuditHandlers(area, {
        loadProfile: async () => profile,
        lastProbe: async (host: string, since: number) => {
          asked.push([host, since]);
          return probe;
        },
      }),
    );
    const clean: Audit = {
      ...audit,
      accounts: [{ address: 'a@mail.au.edu.tw', status: 'Last checked: 1 minute ago.', isMail2000: true }],
      findings: [],
    };
    const reply = (await h({ type: 'audit:save', audit: clean })) as { ok: true; audit: Audit };
    expect(asked).toEqual([['mail.au.edu.tw', clean.at - PROBE_FRESH_MS]]);
    expect(reply.audit.findings.map((f) => f.code)).toEqual(['auth-denied', 'no-uidl', 'pop-retiring']);
    expect(await h({ type: 'audit:last' })).toEqual({ audit: reply.audit });
  });

  it("keeps the panel's findings when there is no probe or the profile cannot be read", async () => {
    const noProbe = route(
      createAuditHandlers(memoryArea(), { loadProfile: async () => ProfileSchema.parse({}), lastProbe: async () => null }),
    );
    expect(await noProbe({ type: 'audit:save', audit })).toEqual({ ok: true, audit });
    const broken = route(
      createAuditHandlers(memoryArea(), {
        loadProfile: async () => {
          throw new Error('storage gone');
        },
        lastProbe: async () => null,
      }),
    );
    expect(await broken({ type: 'audit:save', audit })).toEqual({ ok: true, audit });
  });
});

describe('an audit with an account address over the limit', () => {
  it('the panel leaves that account out and the background stores the rest (it would refuse the whole audit)', async () => {
    const { buildPanelModel, auditOf } = await import('@/entrypoints/gmail.content/panel/model');
    const { MAX_ADDRESS_CHARS } = await import('@/utils/audit/schema');
    const profile = ProfileSchema.parse({ address: 's1234567@mail.au.edu.tw' });
    const long = `${'a'.repeat(MAX_ADDRESS_CHARS)}@mail.au.edu.tw`;
    const denied = 'Last checked: 3 minutes ago. Error: Server denied POP3 access for the given username and password.';
    const read = {
      state: 'available' as const,
      notice: null,
      accounts: [
        { address: long, status: denied, error: 'Server denied POP3 access for the given username and password.', isMail2000: true },
        {
          address: 'bob@mail.au.edu.tw',
          status: denied,
          error: 'Server denied POP3 access for the given username and password.',
          isMail2000: true,
        },
      ],
    };
    const now = Date.parse('2026-11-26T08:00:00Z');
    const model = buildPanelModel(read, profile, now, 'en');
    // The panel itself still shows what it read.
    expect(model.findings.some((f) => f.account === long)).toBe(true);
    const audit = auditOf(read, model, now)!;
    expect(audit.accounts.map((a) => a.address)).toEqual(['bob@mail.au.edu.tw']);
    expect(audit.findings.length).toBeGreaterThan(0);
    expect(audit.findings.every((f) => f.account !== long)).toBe(true);
    const area = memoryArea();
    const h = route(createAuditHandlers(area));
    expect(await h({ type: 'audit:save', audit })).toEqual({ ok: true, audit });
    expect(area.data.get(LAST_AUDIT_KEY)).toEqual(audit);
    // What the background does with an audit that still carries one: refuses it with a reason, logged.
    const lines: string[] = [];
    const raw = { type: 'audit:save', audit: { ...audit, accounts: [...audit.accounts, { ...read.accounts[0]! }] } };
    expect(await dispatch(createAuditHandlers(area) as Handlers, raw, FROM_PANEL, SELF, (l) => lines.push(l))).toEqual(
      refused('bad-request'),
    );
    expect(lines).toEqual([expect.stringMatching(/message refused \(bad-request\): audit:save at audit\.accounts\.1\.address/)]);
  });
});
