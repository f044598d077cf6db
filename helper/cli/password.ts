/**
 * `--password-stdin`: one line from standard input. From a pipe it is read as is; from a terminal
 * echo is turned off while it is typed. The value lives only in memory for the login test.
 * Reading stops one character past the shared limit: the caller's credential check then says
 * "too long" in the person's language, and an endless pipe is not read to its end.
 */
import type { Readable, Writable } from 'node:stream';
import { CREDENTIAL_LIMITS } from '@/contract/limits';
import { CREDENTIAL_PROBLEM_TEXT, passwordProblem, userProblem } from '@/contract/credential';
import { UsageError } from './args';
import type { Lang } from './lang';
import { fill, texts } from './texts';

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

/**
 * `--user NAME --password-stdin` as every command that logs in takes it: the user name checked
 * before anyone is asked to type a password for it, then the password line checked by the same
 * rule as the native host's (contract/credential.ts). Problems are usage errors in the person's
 * language that never quote the value.
 */
export async function readCredential(
  user: string,
  stdin: Readable & { isTTY?: boolean },
  stderr: Writable,
  lang: Lang,
): Promise<{ user: string; password: string }> {
  const t = texts(lang);
  const say = (p: keyof typeof CREDENTIAL_PROBLEM_TEXT) => CREDENTIAL_PROBLEM_TEXT[p][lang === 'zh-TW' ? 'zh_TW' : 'en'];
  const badUser = userProblem(user);
  if (badUser) throw new UsageError(`--user: ${say(badUser)}`);
  let password: string;
  try {
    password = await readPasswordLine(stdin, stderr, fill(t.passwordPrompt, { user }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!password) throw new UsageError(t.emptyPassword);
  const badPassword = passwordProblem(password);
  if (badPassword) throw new UsageError(`--password-stdin: ${say(badPassword)}`);
  return { user, password };
}
