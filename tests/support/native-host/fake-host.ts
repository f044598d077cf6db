/**
 * Stand-in native messaging hosts for tests and the screenshot script: a small Node script that
 * speaks the browser's framing (a 4-byte little-endian length, then JSON) on stdin/stdout, for a
 * behaviour the real companion program cannot be made to show on cue. Kept free of other imports
 * so scripts/screenshots.mjs can bundle it.
 */
import { chmodSync, writeFileSync } from 'node:fs';

/**
 * The host's source. `setup` runs once at start (with `fs` in scope); `onMessage` runs for every
 * frame read, with the decoded frame in `msg` and `send(message)` to write a reply frame. The host
 * exits when the browser closes its stdin.
 */
export const fakeHostScript = ({ setup = '', onMessage }: { setup?: string; onMessage: string }): string => `#!${process.execPath}
const fs = require('fs');
${setup}
const send = (m) => { const b = Buffer.from(JSON.stringify(m)); const h = Buffer.alloc(4); h.writeUInt32LE(b.length); process.stdout.write(Buffer.concat([h, b])); };
let buf = Buffer.alloc(0);
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32LE(0)) {
    const msg = JSON.parse(buf.subarray(4, 4 + buf.readUInt32LE(0)).toString());
    buf = buf.subarray(4 + buf.readUInt32LE(0));
${onMessage}
  }
});
process.stdin.on('end', () => process.exit(0));
`;

/** Writes the host's source to `file` and makes it executable; returns `file`. */
export const writeFakeHost = (file: string, script: string): string => {
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
};
