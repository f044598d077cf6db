/**
 * Keeps the last settings audit (from the panel on Gmail's Accounts and Import) in storage.local
 * for the popup, and answers `audit:last`. Copies into history are made by register-probe.ts.
 */
import { browser } from 'wxt/browser';
import { AuditSchema, type Audit } from '../audit/schema';
import { MessageSchema } from '../messages';
import type { KeyValueArea } from './setup-intent';

export const LAST_AUDIT_KEY = 'm2k:lastAudit';

export type AuditStoreReply = { audit: Audit | null } | { ok: true };

export function createAuditStoreHandler(area: KeyValueArea) {
  return async (raw: unknown): Promise<AuditStoreReply | undefined> => {
    const msg = MessageSchema.safeParse(raw);
    if (!msg.success) return undefined;
    if (msg.data.type === 'audit:save') {
      await area.set({ [LAST_AUDIT_KEY]: msg.data.audit });
      return { ok: true };
    }
    if (msg.data.type === 'audit:last') {
      // What is stored may come from an older version: a record that no longer parses counts as none.
      const parsed = AuditSchema.safeParse((await area.get(LAST_AUDIT_KEY))[LAST_AUDIT_KEY]);
      return { audit: parsed.success ? parsed.data : null };
    }
    return undefined;
  };
}

export const registerAuditStore = (): void => {
  const handle = createAuditStoreHandler(browser.storage.local as unknown as KeyValueArea);
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (type !== 'audit:save' && type !== 'audit:last') return undefined;
    return handle(raw);
  });
};
