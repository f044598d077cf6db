// Ad-hoc code signatures for 64-bit Mach-O executables, written and checked without Apple's tools.
// `bun build --compile` re-signs what it makes for macOS arm64 (Apple silicon runs no unsigned
// code), but for macOS x64 it leaves the runtime's original signature in place, which no longer
// matches the file once the program is appended: a hardened-runtime signature that is wrong gets
// the process killed. adhocSign() replaces it with an ad-hoc one in the space the old one used;
// verifyAdhoc() recomputes every page hash (the tests run it on both macOS executables).
import { createHash } from 'node:crypto';

const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CS_ADHOC = 0x2;
const PAGE = 4096;

/** Header facts of a thin 64-bit little-endian Mach-O executable. */
export function machoInfo(b) {
  if (b.readUInt32LE(0) !== 0xfeedfacf) throw new Error('not a 64-bit Mach-O file');
  const info = { cputype: b.readUInt32LE(4), filetype: b.readUInt32LE(12), signature: undefined, text: undefined };
  let off = 32;
  for (let i = 0, n = b.readUInt32LE(16); i < n; i++) {
    const cmd = b.readUInt32LE(off);
    if (cmd === LC_CODE_SIGNATURE) info.signature = { dataoff: b.readUInt32LE(off + 8), datasize: b.readUInt32LE(off + 12) };
    if (cmd === LC_SEGMENT_64 && b.toString('latin1', off + 8, off + 24).replace(/\0+$/, '') === '__TEXT') {
      info.text = { fileoff: Number(b.readBigUInt64LE(off + 40)), filesize: Number(b.readBigUInt64LE(off + 48)) };
    }
    off += b.readUInt32LE(off + 4);
  }
  return info;
}

/** Rewrites the signature area of `b` (in place) as an ad-hoc signature for `identifier`. */
export function adhocSign(b, identifier) {
  const { signature, text } = machoInfo(b);
  if (!signature || !text) throw new Error('no LC_CODE_SIGNATURE or __TEXT to sign');
  const codeLimit = signature.dataoff;
  const nSlots = Math.ceil(codeLimit / PAGE);
  const ident = Buffer.from(`${identifier}\0`, 'utf8');
  const headerSize = 88; // CodeDirectory version 0x20400
  const hashOffset = headerSize + ident.length;
  const cdLength = hashOffset + nSlots * 32;
  const total = 12 + 8 + cdLength;
  if (total > signature.datasize) throw new Error(`signature needs ${total} bytes, the file has room for ${signature.datasize}`);
  const cd = Buffer.alloc(cdLength);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(cdLength, 4);
  cd.writeUInt32BE(0x20400, 8); // version
  cd.writeUInt32BE(CS_ADHOC, 12); // flags
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(headerSize, 20); // identOffset
  cd.writeUInt32BE(0, 24); // nSpecialSlots
  cd.writeUInt32BE(nSlots, 28);
  cd.writeUInt32BE(codeLimit, 32);
  cd.writeUInt8(32, 36); // hashSize
  cd.writeUInt8(2, 37); // hashType: SHA-256
  cd.writeUInt8(0, 38); // platform
  cd.writeUInt8(12, 39); // log2(page size)
  // spare2, scatterOffset, teamOffset, spare3, codeLimit64 stay 0
  cd.writeBigUInt64BE(BigInt(text.fileoff), 64); // execSegBase
  cd.writeBigUInt64BE(BigInt(text.filesize), 72); // execSegLimit
  cd.writeBigUInt64BE(1n, 80); // execSegFlags: main binary
  ident.copy(cd, headerSize);
  for (let i = 0; i < nSlots; i++) {
    const page = b.subarray(i * PAGE, Math.min(codeLimit, (i + 1) * PAGE));
    createHash('sha256')
      .update(page)
      .digest()
      .copy(cd, hashOffset + i * 32);
  }
  const area = b.subarray(signature.dataoff, signature.dataoff + signature.datasize);
  area.fill(0);
  area.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  area.writeUInt32BE(total, 4);
  area.writeUInt32BE(1, 8); // one blob
  area.writeUInt32BE(0, 12); // CSSLOT_CODEDIRECTORY
  area.writeUInt32BE(20, 16);
  cd.copy(area, 20);
  return b;
}

/** The CodeDirectory's facts, and whether every page hash matches the file. */
export function verifyAdhoc(b) {
  const { signature } = machoInfo(b);
  if (!signature) return { signed: false };
  const s = signature.dataoff;
  if (b.readUInt32BE(s) !== CSMAGIC_EMBEDDED_SIGNATURE) return { signed: false };
  for (let i = 0, n = b.readUInt32BE(s + 8); i < n; i++) {
    if (b.readUInt32BE(s + 12 + i * 8) !== 0) continue;
    const cd = s + b.readUInt32BE(s + 16 + i * 8);
    if (b.readUInt32BE(cd) !== CSMAGIC_CODEDIRECTORY) break;
    const flags = b.readUInt32BE(cd + 12);
    const hashOffset = b.readUInt32BE(cd + 16);
    const nSlots = b.readUInt32BE(cd + 28);
    const codeLimit = b.readUInt32BE(cd + 32);
    const hashSize = b.readUInt8(cd + 36);
    const pageSize = 2 ** b.readUInt8(cd + 39);
    const identOffset = b.readUInt32BE(cd + 20);
    const identifier = b.toString('utf8', cd + identOffset, b.indexOf(0, cd + identOffset));
    let badPages = 0;
    for (let p = 0; p < nSlots; p++) {
      const page = b.subarray(p * pageSize, Math.min(codeLimit, (p + 1) * pageSize));
      const want = b.subarray(cd + hashOffset + p * hashSize, cd + hashOffset + (p + 1) * hashSize);
      if (
        !createHash(hashSize === 32 ? 'sha256' : 'sha1')
          .update(page)
          .digest()
          .equals(want)
      )
        badPages++;
    }
    return { signed: true, adhoc: (flags & CS_ADHOC) !== 0, flags, identifier, pages: nSlots, badPages, coversCode: codeLimit === s };
  }
  return { signed: false };
}
