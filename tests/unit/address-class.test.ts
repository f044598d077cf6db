// Which addresses a discovery may connect to (contract/address.ts): every form DNS or the system's
// resolver gives, IPv4 inside IPv6 included, and what the report's schema accepts.
import { describe, expect, it } from 'vitest';
import { addressClass, isIpAddress, parseIp } from '@/contract/address';
import { IpAddressSchema } from '@/contract/discovery';
import { sortAddresses } from '@/helper/discover/resolve';

describe('addressClass', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.12.3.4', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['2001:4860:4860::8888', 'public'],
    ['::', 'unspecified'],
    ['0:0:0:0:0:0:0:0', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fd00::1', 'private'],
    ['fc00::1', 'private'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped, dotted and in hex: the IPv4 address itself.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:169.254.169.254', 'link-local'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:224.0.0.1', 'multicast'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:93.184.216.34', 'public'],
    ['0:0:0:0:0:ffff:127.0.0.1', 'loopback'],
    // IPv4-compatible (retired): judged by the IPv4 address, never used when that is public.
    ['::127.0.0.1', 'loopback'],
    ['::169.254.169.254', 'link-local'],
    ['::10.0.0.1', 'private'],
    ['::93.184.216.34', 'reserved'],
    // NAT64 and 6to4 carry an IPv4 address too.
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::93.184.216.34', 'public'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2002:5db8:d822::1', 'public'],
    // Not an address: never connected to.
    ['not-an-ip', 'reserved'],
    ['1.2.3', 'reserved'],
  ] as const)('%s is %s', (address, cls) => {
    expect(addressClass(address)).toBe(cls);
  });
});

describe('parseIp and the report schema', () => {
  it('accept every textual form and refuse what is not one address', () => {
    for (const good of ['1.2.3.4', '::', '::1', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1::8', '1:2:3:4:5:6:1.2.3.4', 'fe80::1%lo0']) {
      expect(isIpAddress(good), good).toBe(true);
      expect(IpAddressSchema.safeParse(good).success, good).toBe(true);
    }
    for (const bad of [
      '',
      '1.2.3.4.5',
      '01.2.3.4',
      '256.1.1.1',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '::1.2.3.4:5',
      '1.2.3.4::',
      'fe80::1%',
      'x::1',
      ':::',
    ]) {
      expect(isIpAddress(bad), bad).toBe(false);
      expect(IpAddressSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(parseIp('::ffff:1.2.3.4')).toEqual({ v: 6, bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4] });
  });
});

describe('sortAddresses', () => {
  const answer = [
    '127.0.0.1',
    '0.0.0.0',
    '169.254.169.254',
    '224.0.0.1',
    '::ffff:127.0.0.1',
    '10.1.2.3',
    '93.184.216.34',
    'junk',
    '93.184.216.34',
  ];

  it('sets aside every address it must not connect to, with the reason, and marks the private one', () => {
    expect(sortAddresses(answer, false)).toEqual({
      addresses: ['10.1.2.3', '93.184.216.34'],
      skipped: [
        { address: '127.0.0.1', reason: 'loopback' },
        { address: '0.0.0.0', reason: 'unspecified' },
        { address: '169.254.169.254', reason: 'link-local' },
        { address: '224.0.0.1', reason: 'multicast' },
        { address: '::ffff:127.0.0.1', reason: 'loopback' },
      ],
      inside: ['10.1.2.3'],
    });
  });

  it('uses loopback only when allowed (tests), and never the other kinds', () => {
    const r = sortAddresses(answer, true);
    expect(r.addresses).toEqual(['127.0.0.1', '::ffff:127.0.0.1', '10.1.2.3', '93.184.216.34']);
    expect(r.skipped.map((s) => s.reason)).toEqual(['unspecified', 'link-local', 'multicast']);
  });

  it('keeps at most four addresses of each family and eight set aside', () => {
    const many = Array.from({ length: 12 }, (_, i) => `93.184.216.${i + 1}`);
    const bad = Array.from({ length: 12 }, (_, i) => `169.254.0.${i + 1}`);
    const r = sortAddresses([...many, ...bad, '2001:db8::1', '2001:db8::2'], false);
    expect(r.addresses).toEqual([...many.slice(0, 4), '2001:db8::1', '2001:db8::2']);
    expect(r.skipped).toHaveLength(8);
  });
});
