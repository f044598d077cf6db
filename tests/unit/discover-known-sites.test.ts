/** The known Mail2000 sites table and the candidate names a discovery derives from a domain. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { KnownSitesFileSchema } from '@/contract/discovery';
import { KNOWN_SITES, addressDomain, knownSitesFor } from '@/contract/known-sites';
import { candidateNames, isDiscoverableDomain, parentDomain } from '@/helper/discover/candidates';

describe('contract/mail2000-sites.json', () => {
  const file = JSON.parse(readFileSync(new URL('../../contract/mail2000-sites.json', import.meta.url), 'utf8'));

  it('matches its schema, and every entry names a public http(s) source', () => {
    const parsed = KnownSitesFileSchema.parse(file);
    for (const s of parsed.sites) {
      expect(new URL(s.source).protocol, s.domain).toMatch(/^https?:$/);
      expect(s.note.length, s.domain).toBeGreaterThan(10);
      // The host belongs to the entry's domain or the domain is the host's own.
      expect(s.host === s.domain || s.host.endsWith(`.${s.domain}`), s.host).toBe(true);
    }
    expect(KNOWN_SITES).toHaveLength(parsed.sites.length);
  });

  it('refuses an entry without a source, or with a source that is not a URL', () => {
    const entry = { domain: 'x.edu.tw', host: 'mail.x.edu.tw', note: 'a note long enough' };
    expect(KnownSitesFileSchema.safeParse({ version: 1, sites: [entry] }).success).toBe(false);
    expect(KnownSitesFileSchema.safeParse({ version: 1, sites: [{ ...entry, source: 'somewhere on the web' }] }).success).toBe(false);
    expect(KnownSitesFileSchema.safeParse({ version: 1, sites: [{ ...entry, source: 'ftp://x.edu.tw/' }] }).success).toBe(false);
    expect(KnownSitesFileSchema.safeParse({ version: 1, sites: [{ ...entry, source: 'https://x.edu.tw/mail' }] }).success).toBe(true);
  });

  it('matches a domain and its subdomains, nothing else', () => {
    expect(knownSitesFor('au.edu.tw').map((s) => s.host)).toEqual(['mail.au.edu.tw']);
    expect(knownSitesFor('stu.au.edu.tw').map((s) => s.host)).toEqual(['mail.au.edu.tw']);
    expect(knownSitesFor('xau.edu.tw')).toEqual([]);
    expect(knownSitesFor(addressDomain('Amy@MAIL.NUTN.EDU.TW')).map((s) => s.host)).toEqual(['mail.nutn.edu.tw']);
  });
});

describe('candidate names', () => {
  it('known sites first, then the prefixes, the domain, the parent mail. and the MX hosts, each once', () => {
    const names = candidateNames('cc.au.edu.tw', ['MX1.AU.EDU.TW.', 'mail.cc.au.edu.tw', 'bad_name!'], knownSitesFor('cc.au.edu.tw'));
    expect(names.map((n) => `${n.host} ${n.sources.join('+')}`)).toEqual([
      'mail.au.edu.tw known+parent',
      'mail.cc.au.edu.tw prefix+mx',
      'pop.cc.au.edu.tw prefix',
      'pop3.cc.au.edu.tw prefix',
      'imap.cc.au.edu.tw prefix',
      'smtp.cc.au.edu.tw prefix',
      'webmail.cc.au.edu.tw prefix',
      'cc.au.edu.tw domain',
      'mx1.au.edu.tw mx',
    ]);
  });

  it('no parent for a registry suffix, and registry suffixes or addresses are not discoverable', () => {
    expect(parentDomain('au.edu.tw')).toBeUndefined();
    expect(parentDomain('cc.au.edu.tw')).toBe('au.edu.tw');
    for (const d of ['edu.tw', 'com.tw', 'tw', '127.0.0.1', 'a..b']) expect(isDiscoverableDomain(d), d).toBe(false);
    for (const d of ['au.edu.tw', 'school.test', 'example.com']) expect(isDiscoverableDomain(d), d).toBe(true);
  });
});
