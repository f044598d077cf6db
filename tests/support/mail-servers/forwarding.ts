/**
 * A mail stack that delivers and forwards, for the forwarding test: Postfix takes mail for
 * `school.test` (the person's Mail2000 stand-in) and `gmail.test` (the Gmail side) and hands it to
 * Dovecot over LMTP. By default `alice@school.test` forwards to `inbox@gmail.test` keeping a copy,
 * and `dave@school.test` forwards to `inbox@refused.test` keeping a copy, where the next server
 * refuses it with 5.7.26 (as Gmail refuses a forward that fails SPF and DKIM), so the bounce comes
 * back to dave. Everything is a parameter, so one stack can serve several test files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestCerts, type TestCerts } from './certs';
import { startDovecot, TEST_USERS, type RunningDovecot, type TestUser } from './dovecot';
import { startPostfix, type RunningPostfix } from './postfix';
import { DEFAULT_PORTS } from '@/contract/mail2000';
import type { Profile } from '@/utils/profile/schema';

/** The Gmail side's mailbox, and the person whose forward the next server refuses. */
export const FORWARDING_USERS = {
  gmail: { user: 'inbox', password: 'Gmail-side-1!' },
  refused: { user: 'dave', password: 'Dv-9x!Qz7' },
} as const satisfies Record<string, TestUser>;

export interface ForwardingOptions {
  /** Address → targets (the address itself among them keeps a copy). */
  aliases?: Record<string, string[]>;
  /** Domain → DSN status and text of its refusal. */
  refuse?: Record<string, string>;
  /** Domains delivered to Dovecot. */
  domains?: string[];
  /** smtpd_sasl_mechanism_filter, e.g. 'login' to offer only AUTH LOGIN as Mail2000 does. */
  saslMechanisms?: string;
}

export interface ForwardingStack {
  certs: TestCerts;
  /** The services the forwarding test uses, and the rest of the probe's seven. */
  ports: { pop3: number; pop3s: number; imap: number; imaps: number; smtp: number; smtps: number; submission: number };
  dovecot: RunningDovecot;
  postfix: RunningPostfix;
  /** The person (`alice@school.test`, forwarded to the Gmail side) and her password. */
  person: TestUser & { address: string };
  /** The messages delivered to a mailbox so far (Dovecot's Maildir: new/ and cur/), raw. */
  mailbox(user: string): string[];
  stop(): Promise<void>;
}

export const DEFAULT_ALIASES: Record<string, string[]> = {
  'alice@school.test': ['alice@school.test', 'inbox@gmail.test'],
  'dave@school.test': ['dave@school.test', 'inbox@refused.test'],
};
export const DEFAULT_REFUSE: Record<string, string> = {
  'refused.test': '5.7.26 This mail has been blocked because the sender is unauthenticated',
};

export async function startForwardingStack(opts: ForwardingOptions = {}): Promise<ForwardingStack> {
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'm2kf-'));
  const certs = makeTestCerts(certDir);
  const cert = { key: certs.trusted.key, cert: certs.trusted.chain };
  const dovecot = await startDovecot({ cert, lmtp: true, users: Object.values(FORWARDING_USERS) });
  let postfix: RunningPostfix;
  try {
    postfix = await startPostfix({
      cert,
      saslPort: dovecot.ports.auth,
      saslMechanisms: opts.saslMechanisms,
      delivery: {
        lmtpPort: dovecot.ports.lmtp!,
        domains: opts.domains ?? ['school.test', 'gmail.test'],
        aliases: opts.aliases ?? DEFAULT_ALIASES,
        refuse: opts.refuse ?? DEFAULT_REFUSE,
      },
    });
  } catch (e) {
    await dovecot.stop();
    rmSync(certDir, { recursive: true, force: true });
    throw e;
  }
  const { auth: _auth, lmtp: _lmtp, ...mailPorts } = dovecot.ports;
  return {
    certs,
    ports: { ...mailPorts, ...postfix.ports },
    dovecot,
    postfix,
    person: { ...TEST_USERS.plain, address: 'alice@school.test' },
    mailbox(user) {
      const root = path.join(dovecot.dir, 'home', user, 'Maildir');
      return ['new', 'cur'].flatMap((sub) => {
        const dir = path.join(root, sub);
        return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8')) : [];
      });
    },
    stop: async () => {
      await Promise.allSettled([postfix.stop(), dovecot.stop()]);
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/** The person's profile as the options page would store it for this stack: her address and user, its host and ports. */
export const forwardingProfile = (stack: ForwardingStack): Pick<Profile, 'address' | 'username' | 'host' | 'ports'> => ({
  address: stack.person.address,
  username: stack.person.user,
  host: 'localhost',
  ports: {
    ...DEFAULT_PORTS,
    smtps: stack.ports.smtps,
    submission: stack.ports.submission,
    imaps: stack.ports.imaps,
    pop3s: stack.ports.pop3s,
  },
});
