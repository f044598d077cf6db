/** Discovery test support in one module (benchmarks bundle it with esbuild). */
export { startDnsServer, type DnsServer, type ZoneRecords } from '../dns/server';
export { startSchoolSites, type SchoolSites } from './sites';
export { startMail2000Greeter, startBlackHole } from '../mail-servers/mail2000-greeter';
export { makeSiteCert, makeTestCerts } from '../mail-servers/certs';
export { startDovecot } from '../mail-servers/dovecot';
export { startPostfix } from '../mail-servers/postfix';
export { freePorts } from '../mail-servers/ports';
