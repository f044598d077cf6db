/**
 * A tiny authoritative DNS server on loopback UDP for discovery tests: answers A, AAAA and MX
 * (and TXT) from a zone given as a plain object, NXDOMAIN for names it does not know, an empty NOERROR for a
 * known name without records of the asked type. Names listed in `silent` get no answer at all (a
 * resolver that times out). Node's resolver reaches it with `setServers(['127.0.0.1:PORT'])`.
 *
 * Only what a stub resolver sends is understood: one question, no EDNS processing (an OPT record
 * in the additional section is ignored), no compression in the question.
 */
import dgram from 'node:dgram';

export interface ZoneRecords {
  a?: string[];
  aaaa?: string[];
  mx?: { priority: number; exchange: string }[];
  /** TXT records (SPF, DMARC), each one text; longer than 255 bytes is split into strings as DNS does. */
  txt?: string[];
}

export interface DnsServer {
  port: number;
  /** Every question received, as `NAME TYPE` (TYPE as A, AAAA, MX or a number). */
  asked: string[];
  stop(): Promise<void>;
}

const TYPE = { A: 1, MX: 15, TXT: 16, AAAA: 28 } as const;
const TYPE_NAME: Record<number, string> = { 1: 'A', 15: 'MX', 16: 'TXT', 28: 'AAAA' };

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  const bufs = parts.map((p) => Buffer.concat([Buffer.from([Buffer.byteLength(p)]), Buffer.from(p, 'ascii')]));
  return Buffer.concat([...bufs, Buffer.from([0])]);
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  for (let guard = 0; guard < 128; guard++) {
    const len = msg[i];
    if (len === undefined) throw new Error('truncated name');
    if (len === 0) return { name: labels.join('.'), end: i + 1 };
    if (len >= 0xc0) throw new Error('compressed question name');
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('ascii'));
    i += 1 + len;
  }
  throw new Error('name too long');
}

function record(name: string, type: number, rdata: Buffer, ttl = 60): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(1, 2);
  head.writeUInt32BE(ttl, 4);
  head.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), head, rdata]);
}

/** The 16 bytes of an IPv6 address, also one that ends in a dotted quad (::ffff:127.0.0.1, ::127.0.0.1). */
function ipv6Bytes(addr: string): Buffer {
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(addr);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    addr = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = addr.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/**
 * `address` and `port` pick where it listens (default 127.0.0.1 and a free port); a resolv.conf
 * cannot name a port, so a test that points the system's resolver at it listens on port 53 of a
 * loopback address of its own (root only).
 */
export async function startDnsServer(
  zone: Record<string, ZoneRecords>,
  opts: { silent?: string[]; address?: string; port?: number } = {},
): Promise<DnsServer> {
  const byName = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ''), v]));
  const silent = new Set((opts.silent ?? []).map((n) => n.toLowerCase()));
  const asked: string[] = [];
  const sock = dgram.createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    let reply: Buffer;
    try {
      if (msg.length < 12) return;
      const id = msg.readUInt16BE(0);
      const flags = msg.readUInt16BE(2);
      if (msg.readUInt16BE(4) !== 1) return;
      const q = readName(msg, 12);
      const qtype = msg.readUInt16BE(q.end);
      const question = msg.subarray(12, q.end + 4);
      const name = q.name.toLowerCase();
      asked.push(`${name} ${TYPE_NAME[qtype] ?? qtype}`);
      if (silent.has(name)) return;
      const recs = byName.get(name);
      const answers: Buffer[] = [];
      if (recs && qtype === TYPE.A) for (const a of recs.a ?? []) answers.push(record(name, TYPE.A, Buffer.from(a.split('.').map(Number))));
      if (recs && qtype === TYPE.AAAA) for (const a of recs.aaaa ?? []) answers.push(record(name, TYPE.AAAA, ipv6Bytes(a)));
      if (recs && qtype === TYPE.MX)
        for (const m of recs.mx ?? []) {
          const pref = Buffer.alloc(2);
          pref.writeUInt16BE(m.priority, 0);
          answers.push(record(name, TYPE.MX, Buffer.concat([pref, encodeName(m.exchange)])));
        }
      if (recs && qtype === TYPE.TXT)
        for (const t of recs.txt ?? []) {
          const bytes = Buffer.from(t, 'utf8');
          const strings: Buffer[] = [];
          for (let i = 0; i < bytes.length || i === 0; i += 255) {
            const part = bytes.subarray(i, i + 255);
            strings.push(Buffer.from([part.length]), part);
          }
          answers.push(record(name, TYPE.TXT, Buffer.concat(strings)));
        }
      const header = Buffer.alloc(12);
      header.writeUInt16BE(id, 0);
      // QR, opcode copied, AA, RD copied, RA; RCODE 3 (NXDOMAIN) for an unknown name.
      header.writeUInt16BE(0x8000 | (flags & 0x7900) | 0x0400 | 0x0080 | (recs ? 0 : 3), 2);
      header.writeUInt16BE(1, 4);
      header.writeUInt16BE(answers.length, 6);
      reply = Buffer.concat([header, question, ...answers]);
    } catch {
      return;
    }
    sock.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(opts.port ?? 0, opts.address ?? '127.0.0.1', () => resolve());
  });
  return {
    port: sock.address().port,
    asked,
    stop: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
}
