import { describe, expect, it } from 'vitest';
import { endianness } from 'node:os';
import { encodeFrame, FrameReader } from '@/helper/native/framing';

const LE = endianness() === 'LE';
const prefix = (n: number) => {
  const b = Buffer.alloc(4);
  if (LE) b.writeUInt32LE(n);
  else b.writeUInt32BE(n);
  return b;
};

describe('encodeFrame', () => {
  it('writes a native-endian length and UTF-8 JSON', () => {
    const f = encodeFrame({ t: '郵件' });
    const body = Buffer.from(JSON.stringify({ t: '郵件' }), 'utf8');
    expect(f.subarray(0, 4)).toEqual(prefix(body.length));
    expect(f.subarray(4)).toEqual(body);
    expect(body.length).toBeGreaterThan(JSON.stringify({ t: '郵件' }).length); // bytes, not characters
  });
});

describe('FrameReader', () => {
  it('returns whole frames however the pipe splits them', () => {
    const stream = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame({ b: 'two' }), encodeFrame([])]);
    for (const size of [1, 2, 3, 5, 7, stream.length]) {
      const r = new FrameReader(1024);
      const got: unknown[] = [];
      for (let i = 0; i < stream.length; i += size) {
        for (const ev of r.push(stream.subarray(i, i + size))) {
          expect(ev.kind).toBe('frame');
          if (ev.kind === 'frame') got.push(JSON.parse(ev.body.toString()));
        }
      }
      expect(got).toEqual([{ a: 1 }, { b: 'two' }, []]);
      expect(r.pending).toBe(0);
    }
  });

  it('keeps the bytes of an unfinished frame as pending', () => {
    const r = new FrameReader(1024);
    const f = encodeFrame({ x: 'y' });
    expect(r.push(f.subarray(0, 6))).toEqual([]);
    expect(r.pending).toBe(2); // the prefix was consumed, two body bytes wait
    expect(r.push(f.subarray(6))).toHaveLength(1);
    expect(r.pending).toBe(0);
  });

  it('accepts a frame exactly at the cap and refuses one byte more, without reading it', () => {
    const body = Buffer.alloc(100, 0x20);
    const ok = new FrameReader(100).push(Buffer.concat([prefix(100), body]));
    expect(ok).toEqual([{ kind: 'frame', body }]);
    const r = new FrameReader(100);
    expect(r.push(Buffer.concat([prefix(101), body, Buffer.from('x')]))).toEqual([{ kind: 'too-large', length: 101 }]);
    expect(r.broken).toBe(true);
    expect(r.pending).toBe(0);
    expect(r.push(encodeFrame({}))).toEqual([]);
  });

  it('refuses a 4 GiB length prefix at once', () => {
    const r = new FrameReader(64 * 1024);
    expect(r.push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toEqual([{ kind: 'too-large', length: 0xffffffff }]);
  });

  it('delivers an empty frame as an empty body', () => {
    expect(new FrameReader(10).push(prefix(0))).toEqual([{ kind: 'frame', body: Buffer.alloc(0) }]);
  });
});
