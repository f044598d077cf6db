/**
 * IP addresses as a discovery meets them in DNS answers: parsed (IPv4 dotted quads, every IPv6
 * form, an IPv4 address inside an IPv6 one, a zone after `%`) and put in a class that decides
 * whether the helper may connect there. Zod-free and Node-free: the report's schema and the
 * options page use it too.
 *
 * Never connected to: `unspecified` (0.0.0.0/8, ::), `link-local` (169.254/16, fe80::/10: a
 * cloud's metadata service lives there), `multicast` (224/4, ff00::/8), `broadcast`
 * (255.255.255.255), `reserved` (240/4, and IPv4-compatible IPv6 addresses of public IPv4 ones,
 * a form that was retired and routes nowhere). `loopback` (127/8, ::1) only for tests that ask
 * for it. `private` (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10) is allowed:
 * a campus's own DNS answers with such addresses inside its network.
 */

export const ADDRESS_CLASSES = [
  'public',
  'private',
  'loopback',
  'unspecified',
  'link-local',
  'multicast',
  'broadcast',
  'reserved',
] as const;
export type AddressClass = (typeof ADDRESS_CLASSES)[number];

/** The classes a discovery never connects to (loopback is decided by its caller). */
export const NEVER_CONNECT: ReadonlySet<AddressClass> = new Set(['unspecified', 'link-local', 'multicast', 'broadcast', 'reserved']);

/** The longest address text accepted: a full IPv6 address with a dotted quad, and a zone. */
export const MAX_ADDRESS_TEXT = 64;

export type ParsedIp = { v: 4; bytes: number[] } | { v: 6; bytes: number[] };

function parseV4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const p of parts) {
    // No leading zeros: 010 is octal to some parsers and decimal to others.
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

function parseV6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  // A dotted quad may only end the address.
  if (halves.length === 2 && halves[0]!.includes('.')) return null;
  const words =
    halves.length === 2
      ? head.length + tail.length > 7
        ? null
        : [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail]
      : head.length === 8
        ? head
        : null;
  return words ? words.flatMap((w) => [w >> 8, w & 0xff]) : null;
}

/** The address's bytes, or null when the text is not one IP address. */
export function parseIp(text: string): ParsedIp | null {
  if (text.length === 0 || text.length > MAX_ADDRESS_TEXT) return null;
  const v4 = parseV4(text);
  if (v4) return { v: 4, bytes: v4 };
  const zone = text.indexOf('%');
  if (zone >= 0 && !/^%[0-9A-Za-z_.-]{1,32}$/.test(text.slice(zone))) return null;
  const v6 = parseV6(zone >= 0 ? text.slice(0, zone) : text);
  return v6 ? { v: 6, bytes: v6 } : null;
}

export const isIpAddress = (text: string): boolean => parseIp(text) !== null;

function classV4([a, b, c, d]: number[]): AddressClass {
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link-local';
  if (a! >= 224 && a! <= 239) return 'multicast';
  if (a === 255 && b === 255 && c === 255 && d === 255) return 'broadcast';
  if (a! >= 240) return 'reserved';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 100 && b! >= 64 && b! <= 127)) return 'private';
  return 'public';
}

const zero = (bytes: number[], from: number, to: number) => bytes.slice(from, to).every((x) => x === 0);

function classV6(x: number[]): AddressClass {
  if (zero(x, 0, 16)) return 'unspecified';
  if (zero(x, 0, 15) && x[15] === 1) return 'loopback';
  const v4 = x.slice(12, 16);
  // ::ffff:a.b.c.d (IPv4-mapped) is the IPv4 address itself to the socket that connects.
  if (zero(x, 0, 10) && x[10] === 0xff && x[11] === 0xff) return classV4(v4);
  // ::a.b.c.d (IPv4-compatible): retired; judged by the IPv4 address, and never used when public.
  if (zero(x, 0, 12)) {
    const c = classV4(v4);
    return c === 'public' ? 'reserved' : c;
  }
  // 64:ff9b::/96, NAT64's well-known prefix: reaches the IPv4 address inside.
  if (x[0] === 0 && x[1] === 0x64 && x[2] === 0xff && x[3] === 0x9b && zero(x, 4, 12)) return classV4(v4);
  // 2002::/16 (6to4): the relay reaches the IPv4 address in bytes 2 to 5.
  if (x[0] === 0x20 && x[1] === 0x02) return classV4(x.slice(2, 6));
  if (x[0] === 0xff) return 'multicast';
  if (x[0] === 0xfe && (x[1]! & 0xc0) === 0x80) return 'link-local';
  if (x[0] === 0xfe && (x[1]! & 0xc0) === 0xc0) return 'private';
  if ((x[0]! & 0xfe) === 0xfc) return 'private';
  return 'public';
}

/** The class of an address text; `reserved` for text that is not an address (never connected to). */
export function addressClass(text: string): AddressClass {
  const ip = parseIp(text);
  if (!ip) return 'reserved';
  return ip.v === 4 ? classV4(ip.bytes) : classV6(ip.bytes);
}
