/** `m2k-probe check HOST`: the stages of every service, with an optional login test. */
import type { Readable } from 'node:stream';
import type { Command } from '../args';
import { readCredential } from '../password';
import { renderReport } from '../table';
import { readCa, type CommandContext } from '../io';

/** Exit status 0 when every service passed, 1 otherwise. */
export async function check(c: Extract<Command, { cmd: 'check' }>, { io, lang }: CommandContext): Promise<number> {
  const ca = c.ca ? readCa(c.ca) : undefined;
  let credential =
    c.user !== undefined && c.passwordStdin
      ? await readCredential(c.user, io.stdin as Readable & { isTTY?: boolean }, io.stderr, lang)
      : undefined;
  const report = await io.probe({ host: c.host, ports: c.ports, only: c.only, timeoutMs: c.timeoutMs, ca, credential });
  credential = undefined;
  io.stdout.write(c.json ? JSON.stringify(report, null, 2) + '\n' : renderReport(report, lang));
  return report.results.every((r) => r.ok) ? 0 : 1;
}
