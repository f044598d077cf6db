/**
 * Certificate cases against real Dovecot instances, each presenting one of the throw-away
 * certificates: self-signed, expired, wrong name, leaf without its CA, expiring soon. The TLS stage
 * (implicit port) or the starttls stage (plain port) fails with Node's own code while the report
 * keeps every certificate detail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProbe } from '@/helper/probe/engine';
import type { ServiceResult } from '@/contract/protocol';
import { makeTestCerts, type TestCerts } from '../support/mail-servers/certs';
import { startDovecot, TEST_USERS, type RunningDovecot } from '../support/mail-servers/dovecot';

type Case = 'selfSigned' | 'expired' | 'wrongName' | 'leafOnly' | 'expiring';
let certs: TestCerts;
let certDir: string;
const servers = new Map<Case, RunningDovecot>();

beforeAll(async () => {
  certDir = mkdtempSync(path.join(os.tmpdir(), 'm2kc-'));
  certs = makeTestCerts(certDir);
  const setups: [Case, { key: string; cert: string }][] = [
    ['selfSigned', { key: certs.selfSigned.key, cert: certs.selfSigned.cert }],
    ['expired', { key: certs.expired.key, cert: certs.expired.chain }],
    ['wrongName', { key: certs.wrongName.key, cert: certs.wrongName.chain }],
    ['leafOnly', { key: certs.trusted.key, cert: certs.trusted.cert }],
    ['expiring', { key: certs.expiringSoon.key, cert: certs.expiringSoon.chain }],
  ];
  const started = await Promise.allSettled(setups.map(async ([name, cert]) => servers.set(name, await startDovecot({ cert }))));
  const bad = started.find((s) => s.status === 'rejected');
  if (bad) throw (bad as PromiseRejectedResult).reason;
});
afterAll(async () => {
  await Promise.allSettled([...servers.values()].map((s) => s.stop()));
  rmSync(certDir, { recursive: true, force: true });
});

async function probe(
  c: Case,
  withCa: boolean,
  credential?: { user: string; password: string },
): Promise<Record<'pop3s' | 'imaps' | 'imap', ServiceResult>> {
  const d = servers.get(c)!;
  const report = await runProbe({
    host: 'localhost',
    ports: { pop3s: d.ports.pop3s, imaps: d.ports.imaps, imap: d.ports.imap },
    only: ['pop3s', 'imaps', 'imap'],
    ca: withCa ? certs.caPem : undefined,
    credential,
    timeoutMs: 8000,
  });
  const get = (s: string) => report.results.find((r) => r.service === s)!;
  expect(JSON.stringify(report)).not.toContain(TEST_USERS.plain.password);
  return { pop3s: get('pop3s'), imaps: get('imaps'), imap: get('imap') };
}

const tlsStage = (r: ServiceResult) => r.stages.find((s) => s.name === 'tls' || s.name === 'starttls')!;

describe('certificate problems', () => {
  it('self-signed: DEPTH_ZERO_SELF_SIGNED_CERT on the implicit port and after STARTTLS; no password sent', async () => {
    const r = await probe('selfSigned', true, { ...TEST_USERS.plain });
    for (const x of [r.pop3s, r.imaps, r.imap]) {
      expect(x.ok).toBe(false);
      expect(tlsStage(x)).toMatchObject({ ok: false, code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(x.tls).toMatchObject({ trusted: false, nameMatches: true, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(x.tls!.issuer).toBe(x.tls!.subject);
      expect(x.hint?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(x.auth).toBe('not-tried');
    }
    expect(tlsStage(r.imap).name).toBe('starttls');
  });

  it('expired (CA trusted): CERT_HAS_EXPIRED with negative days left and the validity dates', async () => {
    const r = await probe('expired', true);
    expect(tlsStage(r.pop3s)).toMatchObject({ ok: false, code: 'CERT_HAS_EXPIRED' });
    expect(r.pop3s.tls).toMatchObject({
      trusted: false,
      error: 'CERT_HAS_EXPIRED',
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: '2020-02-01T00:00:00.000Z',
    });
    expect(r.pop3s.tls!.daysLeft).toBeLessThan(0);
    expect(r.pop3s.hint?.code).toBe('CERT_HAS_EXPIRED');
    expect(tlsStage(r.imaps).code).toBe('CERT_HAS_EXPIRED');
    // The dialogue goes on over the bad connection so the report still shows the server answered.
    expect(r.pop3s.greeting).toMatch(/^\+OK/);
  });

  it('wrong name (CA trusted): ERR_TLS_CERT_ALTNAME_INVALID, trusted chain, the SANs listed', async () => {
    const r = await probe('wrongName', true);
    expect(tlsStage(r.imaps)).toMatchObject({ ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(tlsStage(r.imaps).detail).toMatch(/localhost/);
    expect(r.imaps.tls).toMatchObject({ trusted: true, nameMatches: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(r.imaps.tls!.san).toEqual(['DNS:wrong.example', 'DNS:mail.wrong.example']);
    expect(r.imaps.hint?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('leaf without its CA and the CA not trusted: UNABLE_TO_VERIFY_LEAF_SIGNATURE; with the CA: passes', async () => {
    const untrusted = await probe('leafOnly', false);
    expect(tlsStage(untrusted.pop3s)).toMatchObject({ ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(untrusted.pop3s.hint?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const trusted = await probe('leafOnly', true, { ...TEST_USERS.plain });
    for (const x of [trusted.pop3s, trusted.imaps, trusted.imap]) {
      expect({ s: x.service, ok: x.ok, auth: x.auth }).toEqual({ s: x.service, ok: true, auth: 'accepted' });
    }
  });

  it('expiring in 10 days: passes with a CERT_EXPIRING warning naming the days', async () => {
    const r = await probe('expiring', true);
    expect(r.pop3s.ok).toBe(true);
    expect(r.pop3s.tls!.daysLeft).toBeGreaterThanOrEqual(9);
    expect(r.pop3s.tls!.daysLeft).toBeLessThanOrEqual(10);
    expect(r.pop3s.warnings.map((w) => w.code)).toEqual(['CERT_EXPIRING']);
    expect(r.pop3s.hint?.en).toMatch(/expires in (9|10) days/);
  });
});
