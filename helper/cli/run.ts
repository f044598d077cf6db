/**
 * The command line: parses the arguments, hands the command to its module (commands/), and turns
 * every failure into one readable line and an exit status. Returns the exit status instead of
 * exiting, and writes only through the streams it is given, so tests can run it in-process; a
 * stack trace would only confuse the IT staff who run this.
 */
import * as z from 'zod/mini';
import { MAIL2000_HOST } from '@/contract/mail2000';
import { currentBase } from '../install/paths';
import { InstallError } from '../install/install-error';
import { parseCli, peekLang, UsageError, type Command } from './args';
import { detectLang, type Lang } from './lang';
import { fill, texts } from './texts';
import { inert } from './inert';
import type { CliIO, CommandContext } from './io';
import { check } from './commands/check';
import { discover } from './commands/discover';
import { installCommand } from './commands/install';
import { uninstallCommand } from './commands/uninstall';
import { statusCommand } from './commands/status';
import { sendTestCommand } from './commands/send-test';
import { setup } from './commands/setup';

export type { CliIO } from './io';

type Handlers = { [K in Command['cmd']]: (c: Extract<Command, { cmd: K }>, ctx: CommandContext) => number | Promise<number> };

/** Each command's module; the type makes a command without one a compile error. */
const COMMANDS: Handlers = {
  help: (_, { io, lang }) => {
    io.stdout.write(fill(texts(lang).usage, { host: MAIL2000_HOST }));
    return 0;
  },
  version: (_, { io }) => {
    io.stdout.write(`m2k-probe ${io.version}\n`);
    return 0;
  },
  check,
  discover,
  'send-test': (c, { io, lang }) => sendTestCommand(c.args, io, lang),
  install: installCommand,
  uninstall: uninstallCommand,
  status: statusCommand,
};

const runCommand = <K extends Command['cmd']>(c: Extract<Command, { cmd: K }>, ctx: CommandContext) =>
  (COMMANDS[c.cmd as K] as Handlers[K])(c, ctx);

export async function runCli(io: CliIO): Promise<number> {
  if (io.standalone && io.argv.length === 0) return setup(io);
  let lang: Lang = peekLang(io.argv) ?? detectLang(io.env);
  const t = () => texts(lang);
  let command: Command;
  try {
    const parsed = parseCli(io.argv);
    if (parsed.lang) lang = parsed.lang;
    command = parsed.command;
  } catch (e) {
    if (!(e instanceof UsageError)) {
      io.stderr.write(fill(t().failed, { message: describeFailure(e) }) + '\n');
      return 1;
    }
    io.stderr.write(`${fill(t().usageError, { message: e.message })}\n${t().tryHelp}\n`);
    return 2;
  }
  try {
    return await runCommand(command, { io, lang, base: currentBase(io.env) });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${fill(t().usageError, { message: e.message })}\n${t().tryHelp}\n`);
      return 2;
    }
    if (e instanceof InstallError) {
      io.stderr.write(fill(t().failed, { message: e.message }) + '\n');
      return 1;
    }
    io.stderr.write(fill(t().failed, { message: describeFailure(e) }) + '\n');
    return 1;
  }
}

/**
 * One readable line for an unexpected failure. A schema's error never reaches the terminal as
 * zod's dump of issues (a wall of JSON, and perhaps a server's text): only the first issue's
 * place and zod's words, which never quote the value.
 */
export function describeFailure(e: unknown): string {
  if (e instanceof z.core.$ZodError) {
    const issue = e.issues[0];
    return inert(`internal check failed${issue ? ` at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : ''}`).slice(
      0,
      300,
    );
  }
  const err = e as NodeJS.ErrnoException | undefined;
  const text = err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? err);
  return inert(text).slice(0, 500);
}
