/**
 * The command line: check, install, uninstall, status. Returns the exit status instead of
 * exiting, and writes only through the streams it is given, so tests can run it in-process.
 * Errors become one readable line; a stack trace would only confuse the IT staff who run this.
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '../install/record';
import type { Readable, Writable } from 'node:stream';
import { CREDENTIAL_PROBLEM_TEXT, passwordProblem, userProblem } from '@/contract/credential';
import { MAIL2000_HOST } from '@/contract/mail2000';
import type { ProbeReport, ServiceResult } from '@/contract/protocol';
import { currentBase, type Base } from '../install/paths';
import { install, InstallError, status, uninstall } from '../install/install';
import { parseCli, peekLang, UsageError, type Command } from './args';
import { detectLang, type Lang } from './lang';
import { readPasswordLine } from './password';
import { renderReport } from './table';
import { fill, texts } from './texts';

export interface CliIO {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  version: string;
  /** Absolute path of the Node running us; the launcher pins it. */
  execPath: string;
  /** The bundle to copy at install (dist/helper/m2k-probe.cjs). */
  bundlePath: string;
  probe: (
    opts: { host: string; ports?: Partial<Record<string, number>>; only?: string[]; timeoutMs?: number; ca?: string | Buffer; credential?: { user: string; password: string } },
    onResult?: (r: ServiceResult) => void,
  ) => Promise<ProbeReport>;
  runReg?: (args: string[]) => void;
}

export async function runCli(io: CliIO): Promise<number> {
  let lang: Lang = peekLang(io.argv) ?? detectLang(io.env);
  const t = () => texts(lang);
  const write = (s: string) => io.stdout.write(s);
  let command: Command;
  try {
    const parsed = parseCli(io.argv);
    if (parsed.lang) lang = parsed.lang;
    command = parsed.command;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${fill(t().usageError, { message: e.message })}\n${t().tryHelp}\n`);
    return 2;
  }
  const base: Base = currentBase(io.env);
  try {
    switch (command.cmd) {
      case 'help':
        write(fill(t().usage, { host: MAIL2000_HOST }));
        return 0;
      case 'version':
        write(`m2k-probe ${io.version}\n`);
        return 0;
      case 'check':
        return await check(command, io, lang);
      case 'install': {
        const { plan } = install({
          base,
          browsers: command.browsers,
          userDataDir: command.userDataDir,
          allow: command.allow,
          extensionIds: command.extensionIds,
          addonIds: command.addonIds,
          node: io.execPath,
          bundle: io.bundlePath,
          runReg: io.runReg,
        });
        if (command.json) {
          write(JSON.stringify({ installDir: plan.dir, targets: plan.targets, files: plan.files.map((f) => ({ path: f.path, kind: f.kind, target: f.target })), registry: plan.registry.map((r) => r.key), config: plan.config }, null, 2) + '\n');
          return 0;
        }
        const lines = [fill(t().installed, { targets: plan.targets.join(', ') })];
        for (const f of plan.files) lines.push(fill(t().wrote, { path: f.path }));
        for (const r of plan.registry) lines.push(fill(t().registry, { key: r.key }));
        const s = status(base);
        lines.push(fill(t().allowList, { allow: s.allow.join(', ') }));
        write(lines.join('\n') + '\n');
        return 0;
      }
      case 'uninstall': {
        const r = uninstall(base, io.runReg);
        if (command.json) {
          write(JSON.stringify(r, null, 2) + '\n');
          return 0;
        }
        if (!r.wasInstalled) {
          write(fill(t().notInstalled, { dir: status(base).installDir }) + '\n');
          return 0;
        }
        const lines = [t().uninstalled];
        for (const p of [...r.removed, ...r.registryRemoved, ...r.dirsRemoved]) lines.push(fill(t().removed, { path: p }));
        for (const p of r.kept) lines.push(fill(t().kept, { path: p }));
        write(lines.join('\n') + '\n');
        return 0;
      }
      case 'status': {
        const s = status(base);
        const installedBundle = s.files.find((f) => f.kind === 'bundle');
        // The install keeps its own copy of the program: say when this build is newer (or older).
        const outdated = !!installedBundle && installedBundle.state === 'ok' && fileSha(io.bundlePath) !== undefined && fileSha(io.bundlePath) !== installedBundle.sha256;
        if (command.json) {
          write(JSON.stringify({ ...s, outdated }, null, 2) + '\n');
          return 0;
        }
        const lines = [s.installed ? fill(t().statusInstalled, { dir: s.installDir, when: s.updatedAt ?? '?', node: s.node ?? '?' }) : fill(t().statusNot, { dir: s.installDir })];
        for (const f of s.files) lines.push(fill(t().statusFile, { state: t().state[f.state], kind: t().kind[f.kind], target: f.target ? `(${f.target}) ` : '', path: f.path }));
        for (const r of s.registry) lines.push(fill(t().registry, { key: r.key }));
        for (const f of s.foreign) lines.push(fill(t().foreign, { target: f.target, path: f.path }));
        lines.push(fill(t().allowList, { allow: s.allow.join(', ') }));
        if (outdated) lines.push(fill(t().outdated, { bundle: io.bundlePath }));
        write(lines.join('\n') + '\n');
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${fill(t().usageError, { message: e.message })}\n${t().tryHelp}\n`);
      return 2;
    }
    if (e instanceof InstallError) {
      io.stderr.write(fill(t().failed, { message: e.message }) + '\n');
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(fill(t().failed, { message: err.code ? `${err.code}: ${err.message}` : String(err.message ?? err) }) + '\n');
    return 1;
  }
}

function fileSha(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

async function check(c: Extract<Command, { cmd: 'check' }>, io: CliIO, lang: Lang): Promise<number> {
  const t = texts(lang);
  let ca: Buffer | undefined;
  if (c.ca) {
    try {
      ca = readFileSync(c.ca);
    } catch (e) {
      throw new UsageError(`--ca: cannot read ${c.ca} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca: ${c.ca} is not a PEM certificate`);
  }
  let credential: { user: string; password: string } | undefined;
  if (c.user !== undefined && c.passwordStdin) {
    // The user name first, before anyone is asked to type a password for it.
    const badUser = userProblem(c.user);
    if (badUser) throw new UsageError(`--user: ${CREDENTIAL_PROBLEM_TEXT[badUser][lang === 'zh-TW' ? 'zh_TW' : 'en']}`);
    let password: string;
    try {
      password = await readPasswordLine(io.stdin as Readable & { isTTY?: boolean }, io.stderr, fill(t.passwordPrompt, { user: c.user }));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (!password) throw new UsageError(t.emptyPassword);
    const badPassword = passwordProblem(password);
    if (badPassword) throw new UsageError(`--password-stdin: ${CREDENTIAL_PROBLEM_TEXT[badPassword][lang === 'zh-TW' ? 'zh_TW' : 'en']}`);
    credential = { user: c.user, password };
  }
  const report = await io.probe({ host: c.host, ports: c.ports, only: c.only, timeoutMs: c.timeoutMs, ca, credential });
  credential = undefined;
  io.stdout.write(c.json ? JSON.stringify(report, null, 2) + '\n' : renderReport(report, lang));
  return report.results.every((r) => r.ok) ? 0 : 1;
}
