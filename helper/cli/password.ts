/**
 * `--password-stdin`: one line from standard input. From a pipe it is read as is; from a terminal
 * echo is turned off while it is typed. The value lives only in memory for the login test.
 * Reading stops one character past the shared limit: the caller's credential check then says
 * "too long" in the person's language, and an endless pipe is not read to its end.
 */
import type { Readable, Writable } from 'node:stream';
import { CREDENTIAL_LIMITS } from '@/contract/limits';

export function readPasswordLine(
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown },
  prompt: Writable,
  promptText: string,
  max = CREDENTIAL_LIMITS.password,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const tty = !!input.isTTY && typeof input.setRawMode === 'function';
    if (tty) {
      prompt.write(promptText);
      input.setRawMode!(true);
    }
    let buf = '';
    const done = (value: string | Error) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onEnd);
      if (tty) {
        input.setRawMode!(false);
        prompt.write('\n');
      }
      input.pause();
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\n' || ch === '\r') return done(buf);
        if (tty && ch === '\u0003') return done(new Error('cancelled'));
        if (tty && (ch === '\u007f' || ch === '\b')) {
          buf = buf.slice(0, -1);
          continue;
        }
        buf += ch;
        if (buf.length > max) return done(buf);
      }
    };
    const onEnd = () => done(buf);
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onEnd);
    input.resume();
  });
}
