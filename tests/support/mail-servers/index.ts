/** Real mail servers and fault servers for tests on loopback; see README.md in this folder. */
export { makeTestCerts, type TestCerts, type CertFiles } from './certs';
export { startDovecot, TEST_USERS, type RunningDovecot, type DovecotPorts, type TestUser } from './dovecot';
export { startPostfix, type RunningPostfix, type PostfixPorts } from './postfix';
export { startFault, type FaultKind, type FaultServer } from './faults';
export { freePorts, waitForPort } from './ports';
export { startMailStack, type MailStack } from './stack';
export { startForwardingStack, FORWARDING_USERS, type ForwardingStack, type ForwardingOptions } from './forwarding';
