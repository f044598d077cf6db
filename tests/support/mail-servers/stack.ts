/**
 * Everything at once: certificates, Dovecot and Postfix (SASL through Dovecot), with the ports in
 * the shape the probe takes (`ports` by service name) and the CA to trust.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestCerts, type TestCerts } from './certs';
import { startDovecot, type RunningDovecot } from './dovecot';
import { startPostfix, type RunningPostfix } from './postfix';

export interface MailStack {
  certs: TestCerts;
  /** Probe ports: pop3, pop3s, imap, imaps, smtp, smtps, submission. */
  ports: { pop3: number; pop3s: number; imap: number; imaps: number; smtp: number; smtps: number; submission: number };
  dovecot: RunningDovecot;
  postfix: RunningPostfix;
  stop(): Promise<void>;
}

export async function startMailStack(): Promise<MailStack> {
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'm2kc-'));
  const certs = makeTestCerts(certDir);
  // The chain file makes the servers send the CA too, as a well-configured server does.
  const cert = { key: certs.trusted.key, cert: certs.trusted.chain };
  const dovecot = await startDovecot({ cert });
  let postfix: RunningPostfix;
  try {
    postfix = await startPostfix({ cert, saslPort: dovecot.ports.auth });
  } catch (e) {
    await dovecot.stop();
    rmSync(certDir, { recursive: true, force: true });
    throw e;
  }
  const { auth: _auth, ...mailPorts } = dovecot.ports;
  return {
    certs,
    ports: { ...mailPorts, ...postfix.ports },
    dovecot,
    postfix,
    stop: async () => {
      await Promise.allSettled([postfix.stop(), dovecot.stop()]);
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
