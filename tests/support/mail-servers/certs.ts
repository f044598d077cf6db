/**
 * A throw-away certificate authority and server certificates made with the openssl command:
 * trusted (signed by the CA, names localhost and 127.0.0.1), self-signed, expired (back-dated with
 * `openssl ca -startdate/-enddate`, which `openssl x509 -req` cannot do), wrong name, and one that
 * expires in 10 days. Each comes as separate key, certificate and full-chain (cert + CA) PEM files.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CertFiles {
  key: string;
  cert: string;
  /** Certificate followed by the CA certificate (what a well-configured server sends). */
  chain: string;
}

export interface TestCerts {
  dir: string;
  caCert: string;
  /** The CA certificate's PEM text: pass it as the probe's `ca` to trust it. */
  caPem: string;
  trusted: CertFiles;
  selfSigned: CertFiles;
  expired: CertFiles;
  wrongName: CertFiles;
  expiringSoon: CertFiles;
}

const SAN_OK = 'DNS:localhost,IP:127.0.0.1,IP:::1';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A self-signed P-256 certificate, `<name>.key` and `<name>.crt` in `dir`, with each of `extensions` added (`-addext`). */
export function selfSignedCert(
  dir: string,
  name: string,
  opts: { subject: string; days: number; extensions: string[] },
): { key: string; cert: string } {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      String(opts.days),
      '-subj',
      opts.subject,
      ...opts.extensions.flatMap((e) => ['-addext', e]),
    ],
    dir,
  );
  return { key: path.join(dir, `${name}.key`), cert: path.join(dir, `${name}.crt`) };
}

function newKeyAndCsr(dir: string, name: string, cn: string): void {
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/O=M2K Test/CN=${cn}`,
    ],
    dir,
  );
}

/** Makes everything in `dir` (created if missing). Takes about a second. */
export function makeTestCerts(dir: string): TestCerts {
  mkdirSync(path.join(dir, 'newcerts'), { recursive: true });
  const p = (f: string) => path.join(dir, f);
  selfSignedCert(dir, 'ca', {
    subject: '/O=M2K Test/CN=M2K Test CA',
    days: 825,
    extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
  });
  writeFileSync(p('index.txt'), '');
  writeFileSync(p('serial'), '1000\n');
  writeFileSync(
    p('ca.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir/newcerts',
      'serial = $dir/serial',
      'certificate = $dir/ca.crt',
      'private_key = $dir/ca.key',
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'copy_extensions = none',
      'default_days = 30',
      '[policy_any]',
      'organizationName = optional',
      'commonName = supplied',
      '[leaf_ok]',
      `subjectAltName = ${SAN_OK}`,
      'basicConstraints = CA:FALSE',
      'extendedKeyUsage = serverAuth',
      'keyUsage = digitalSignature',
      '[leaf_wrong]',
      'subjectAltName = DNS:wrong.example,DNS:mail.wrong.example',
      'basicConstraints = CA:FALSE',
      'extendedKeyUsage = serverAuth',
      'keyUsage = digitalSignature',
      '',
    ].join('\n'),
  );
  const sign = (name: string, cn: string, ext: string, dates: string[]) => {
    newKeyAndCsr(dir, name, cn);
    openssl(
      ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-extensions', ext, '-in', `${name}.csr`, '-out', `${name}.crt`, ...dates],
      dir,
    );
  };
  sign('trusted', 'localhost', 'leaf_ok', ['-days', '365']);
  sign('expired', 'localhost', 'leaf_ok', ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']);
  sign('wrongname', 'wrong.example', 'leaf_wrong', ['-days', '365']);
  sign('expiring', 'localhost', 'leaf_ok', ['-days', '10']);
  selfSignedCert(dir, 'selfsigned', { subject: '/O=M2K Test/CN=localhost', days: 365, extensions: [`subjectAltName=${SAN_OK}`] });
  const caPem = readFileSync(p('ca.crt'), 'utf8');
  const files = (name: string, withCa: boolean): CertFiles => {
    const cert = p(`${name}.crt`);
    const chain = p(`${name}.chain.pem`);
    writeFileSync(chain, readFileSync(cert, 'utf8') + (withCa ? caPem : ''));
    return { key: p(`${name}.key`), cert, chain };
  };
  return {
    dir,
    caCert: p('ca.crt'),
    caPem,
    trusted: files('trusted', true),
    selfSigned: files('selfsigned', false),
    expired: files('expired', true),
    wrongName: files('wrongname', true),
    expiringSoon: files('expiring', true),
  };
}

/**
 * One more server certificate signed by the CA of `certs`, for the given DNS names (discovery
 * tests give each made-up site its own name); `expired` back-dates it to January 2020.
 */
export function makeSiteCert(certs: TestCerts, name: string, dnsNames: string[], opts: { expired?: boolean } = {}): CertFiles {
  const dir = certs.dir;
  const ext = path.join(dir, `${name}.ext`);
  writeFileSync(
    ext,
    [
      '[leaf]',
      `subjectAltName = ${dnsNames.map((d) => `DNS:${d}`).join(',')}`,
      'basicConstraints = CA:FALSE',
      'extendedKeyUsage = serverAuth',
      'keyUsage = digitalSignature',
      '',
    ].join('\n'),
  );
  newKeyAndCsr(dir, name, dnsNames[0] ?? name);
  const dates = opts.expired ? ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z'] : ['-days', '365'];
  openssl(
    [
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      '-extfile',
      ext,
      '-extensions',
      'leaf',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      ...dates,
    ],
    dir,
  );
  const cert = path.join(dir, `${name}.crt`);
  const chain = path.join(dir, `${name}.chain.pem`);
  writeFileSync(chain, readFileSync(cert, 'utf8') + certs.caPem);
  return { key: path.join(dir, `${name}.key`), cert, chain };
}
