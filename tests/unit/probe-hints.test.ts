import { describe, expect, it } from 'vitest';
import { HINT_KEYS, hintFor } from '@/helper/probe/hints';
import { imapString } from '@/helper/probe/imap';
import { greetingKind, saslPlain } from '@/helper/probe/dialect';
import { HintSchema } from '@/contract/protocol';

describe('probe hints', () => {
  it('every hint has English and Traditional Chinese text', () => {
    for (const key of HINT_KEYS) {
      const h = hintFor(key === 'DNS' ? 'ENOTFOUND' : key, { service: 'pop3', port: 110, daysLeft: 5 });
      expect(() => HintSchema.parse(h)).not.toThrow();
      expect(h.en.length).toBeGreaterThan(10);
      expect(h.zh_TW).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('maps Node codes and context to hint codes', () => {
    expect(hintFor('EAI_AGAIN', { service: 'imap', port: 143 }).code).toBe('DNS');
    expect(hintFor('ETIMEDOUT', { service: 'smtp', port: 25 }).code).toBe('ETIMEDOUT_PORT25');
    expect(hintFor('ETIMEDOUT', { service: 'smtps', port: 465 }).code).toBe('ETIMEDOUT');
    expect(hintFor('EPROTO', { service: 'pop3s', port: 995 }).code).toBe('TLS_WRONG_VERSION');
    expect(hintFor('WRONG_PROTOCOL', { service: 'pop3', port: 143, seen: 'imap' }).code).toBe('WRONG_PROTOCOL_IMAP_ON_POP');
    expect(hintFor('WRONG_PROTOCOL', { service: 'imap', port: 110, seen: 'pop3' }).code).toBe('WRONG_PROTOCOL');
    expect(hintFor('UNABLE_TO_GET_ISSUER_CERT', { service: 'imaps', port: 993 }).code).toBe('CERT_UNTRUSTED');
    expect(hintFor('ERR_SSL_UNSUPPORTED_PROTOCOL', { service: 'pop3s', port: 995 }).code).toBe('TLS_OLD_VERSION');
    expect(hintFor('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', { service: 'pop3s', port: 995 }).code).toBe('TLS_HANDSHAKE');
    expect(hintFor('SOMETHING_NEW', { service: 'imaps', port: 993 })).toMatchObject({ code: 'SOMETHING_NEW' });
    expect(hintFor('AUTH_REJECTED', { service: 'pop3s', port: 995 }).zh_TW).toContain('POP3');
    expect(hintFor('TLS_EXPECTED', { service: 'pop3', port: 995 }).en).toContain('995 needs SSL');
  });
});

describe('protocol helpers', () => {
  it('IMAP strings: quoted with escapes for printable ASCII, literal otherwise', () => {
    expect(imapString('plain')).toEqual({ quoted: '"plain"' });
    expect(imapString('a "b" \\c')).toEqual({ quoted: '"a \\"b\\" \\\\c"' });
    expect(imapString('pässwörd')).toEqual({ literal: Buffer.from('pässwörd', 'utf8') });
    expect(imapString('line\r\nbreak')).toHaveProperty('literal');
  });

  it('greetings are told apart', () => {
    expect(greetingKind('+OK Dovecot ready.')).toBe('pop3');
    expect(greetingKind('* OK [CAPABILITY IMAP4rev1] ready')).toBe('imap');
    expect(greetingKind('220 mail ESMTP')).toBe('smtp');
    expect(greetingKind('220-mail ESMTP')).toBe('smtp');
    expect(greetingKind('SSH-2.0-OpenSSH_9.2')).toBe('unknown');
  });

  it('SASL PLAIN is authzid NUL user NUL password in base64', () => {
    expect(Buffer.from(saslPlain('u', 'p'), 'base64').toString()).toBe('\0u\0p');
  });
});
