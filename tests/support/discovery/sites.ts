/**
 * A made-up school, `school.test`, for discovery tests: a loopback DNS server (../dns/server.ts)
 * whose candidate names point at servers on their own 127.12.N.x addresses, all on one shared set
 * of high ports (the probe's `ports`):
 * - mail.school.test (also the MX host mx1.school.test): real Dovecot with POP3S only ("995 only")
 *   and real Postfix with SMTPS and submission (no port 25), a certificate from the test CA that
 *   names it (Postfix needs root, as in CI);
 * - pop.school.test (also pop3.school.test): real Dovecot, POP3 with STLS only, certificate expired;
 * - webmail.school.test: greets like Mail2000 on plain POP3 (UIDL, no STLS) and SMTP;
 * - imap.school.test: accepts on every port and never answers;
 * - smtp.school.test: no address; school.test itself: only 169.254.169.254 (link-local: never
 *   contacted, listed with the reason).
 * The right choice is mail.school.test. A second made-up domain, stls.test, has one server,
 * mail.stls.test: the POP3-with-STLS site above, with nothing on the SSL port, for the rule that
 * Gmail is never proposed plain text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDnsServer, type DnsServer, type ZoneRecords } from '../dns/server';
import { makeSiteCert, makeTestCerts, type TestCerts } from '../mail-servers/certs';
import { startDovecot } from '../mail-servers/dovecot';
import { startPostfix } from '../mail-servers/postfix';
import { freeServicePorts } from '../mail-servers/ports';
import { startBlackHole, startMail2000Greeter } from '../mail-servers/mail2000-greeter';

export const SCHOOL_DOMAIN = 'school.test';

export interface SchoolSites {
  domain: string;
  dns: DnsServer;
  /** `127.0.0.1:PORT` of the DNS server, for `--dns` and Resolver.setServers. */
  dnsServer: string;
  ports: { pop3: number; pop3s: number; imap: number; imaps: number; smtp: number; smtps: number; submission: number };
  certs: TestCerts;
  addresses: { good: string; expired: string; mail2000: string; silent: string };
  stop(): Promise<void>;
}

export async function startSchoolSites(opts: { only?: 'silent' } = {}): Promise<SchoolSites> {
  const net3 = 1 + Math.floor(Math.random() * 250);
  const at = (n: number) => `127.12.${net3}.${n}`;
  const addresses = { good: at(1), expired: at(2), mail2000: at(3), silent: at(4) };
  const ports = await freeServicePorts();
  const { pop3, pop3s, smtp, smtps, submission } = ports;
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'm2kdisc-'));
  const certs = makeTestCerts(certDir);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    await Promise.allSettled(stops.map((s) => s()));
    rmSync(certDir, { recursive: true, force: true });
  };
  try {
    if (opts.only !== 'silent') {
      const good = makeSiteCert(certs, 'mail-school', ['mail.school.test', 'mx1.school.test']);
      const expired = makeSiteCert(certs, 'pop-school', ['pop.school.test', 'pop3.school.test'], { expired: true });
      const [d1, p1, d2, g] = await Promise.all([
        startDovecot({ cert: { key: good.key, cert: good.chain }, address: addresses.good, ports: { pop3s }, only: ['pop3s'] }),
        startPostfix({
          cert: { key: good.key, cert: good.chain },
          address: addresses.good,
          ports: { smtps, submission },
          only: ['smtps', 'submission'],
        }),
        startDovecot({ cert: { key: expired.key, cert: expired.chain }, address: addresses.expired, ports: { pop3 }, only: ['pop3'] }),
        startMail2000Greeter(addresses.mail2000, { pop3, smtp }, 'webmail.school.test'),
      ]);
      stops.push(d1.stop, p1.stop, d2.stop, g.stop);
    }
    const hole = await startBlackHole(addresses.silent, Object.values(ports));
    stops.push(hole.stop);
    const zone: Record<string, ZoneRecords> =
      opts.only === 'silent'
        ? {
            'school.test': { mx: [{ priority: 10, exchange: 'mx1.school.test' }] },
            ...Object.fromEntries(
              ['mail', 'pop', 'pop3', 'imap', 'smtp', 'webmail', 'mx1'].map((p) => [`${p}.school.test`, { a: [addresses.silent] }]),
            ),
          }
        : {
            'school.test': { mx: [{ priority: 10, exchange: 'mx1.school.test' }], a: ['169.254.169.254'] },
            'mail.school.test': { a: [addresses.good] },
            'mx1.school.test': { a: [addresses.good] },
            'pop.school.test': { a: [addresses.expired] },
            'pop3.school.test': { a: [addresses.expired] },
            'webmail.school.test': { a: [addresses.mail2000] },
            'imap.school.test': { a: [addresses.silent] },
            'mail.stls.test': { a: [addresses.expired] },
          };
    const dns = await startDnsServer(zone);
    stops.push(dns.stop);
    return { domain: SCHOOL_DOMAIN, dns, dnsServer: `127.0.0.1:${dns.port}`, ports, certs, addresses, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
