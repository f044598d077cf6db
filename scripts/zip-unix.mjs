// A small zip writer that keeps Unix file modes: each entry is marked as made on Unix and carries
// its mode (e.g. 0755) in the external attributes, so that Safari's automatic unzip, Finder's
// Archive Utility and `unzip` give back a program that runs. A browser download of a bare program
// loses its executable bit; inside a zip it keeps it. Deflate from Node's zlib; no zip64 (every
// entry and the archive stay under 4 GiB).
import { deflateRawSync } from 'node:zlib';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time, the only timestamps a plain zip entry has. */
function dosTime(d) {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const UNIX = 3; // "version made by", high byte: the external attributes hold a Unix mode
const S_IFREG = 0o100000;

/**
 * The zip archive of `entries` ({ name, data: Buffer, mode: 0o755 | 0o644 …, date }) as one Buffer.
 * Names use forward slashes and are stored as UTF-8 (general purpose flag bit 11).
 */
export function zipUnix(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const { time, date } = dosTime(e.date);
    if (e.data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error('zip-unix: entries over 4 GiB need zip64');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((UNIX << 8) | 20, 4); // made by: Unix, zip 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes: 0
    central.writeUInt32LE(((S_IFREG | e.mode) << 16) >>> 0, 38); // external attributes: st_mode in the high 16 bits
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export function writeZipUnix(file, entries) {
  writeFileSync(file, zipUnix(entries));
}

/**
 * The macOS downloads: one zip per program, holding just that program under its own name with mode
 * 0755 and its own modification time. `programs` are paths of the darwin programs
 * (scripts/build-exe.mjs); returns the zips' paths (`<program>.zip` in `outDir`).
 */
export function buildMacZips(programs, outDir) {
  return programs.map((program) => {
    const name = basename(program);
    const out = join(outDir, `${name}.zip`);
    writeZipUnix(out, [{ name, data: readFileSync(program), mode: 0o755, date: statSync(program).mtime }]);
    return out;
  });
}
