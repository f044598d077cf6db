/**
 * The command line: check, install, uninstall, status. Returns the exit status instead of
 * exiting, and writes only through the streams it is given, so tests can run it in-process.
 * Errors become one readable line; a stack trace would only confuse the IT staff who run this.
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '../install/record';
import type { Readable, Writable } from 'node:stream';
import { MAIL2000_HOST } from '@/contract/mail2000';
import { MSI_PRODUCT_NAME } from '@/contract/release';
import type { ProbeReport, ServiceResult } from '@/contract/protocol';
import { BROWSERS, currentBase, executableCopyPath, pathFor, type Base } from '../install/paths';
import { install, InstallError, mergeConfig, status, uninstall } from '../install/install';
import { MSI_CONFIG, packageInstalls, readMsiMarker, type MsiMarker, type PackageInstall } from '../install/msi';
import { loadConfig } from '../config';
import { writePrivate, InstallRefused } from '../install/write';
import { effectiveAllowList, formatAllowEntry } from '../native/allow';
import { parseCli, peekLang, UsageError, type Command } from './args';
import { detectLang, type Lang } from './lang';
import { readCredential } from './password';
import { renderReport } from './table';
import { renderDiscovery } from './discover-table';
import { runDiscovery } from '../discover/discover';
import { makeResolver } from '../discover/resolve';
import { isDiscoverableDomain } from '../discover/candidates';
import { fill, texts } from './texts';
import { sendTestCommand } from './send-test';
import { inert } from './inert';
import * as z from 'zod/mini';

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
  /**
   * Running as the standalone program (Bun-compiled; execPath is the program itself): install
   * copies execPath, and a run without arguments (a double-click) installs for every browser found.
   */
  standalone?: boolean;
  probe: (
    opts: {
      host: string;
      ports?: Partial<Record<string, number>>;
      only?: string[];
      timeoutMs?: number;
      ca?: string | Buffer;
      credential?: { user: string; password: string };
    },
    onResult?: (r: ServiceResult) => void,
  ) => Promise<ProbeReport>;
  /** Runs Windows' `reg` and returns what it printed; throws when it fails (Windows only). */
  runReg?: (args: string[]) => string | void;
  /** Runs a discovery (default: the real one); tests hand in a stand-in that needs no network. */
  discover?: typeof runDiscovery;
}

/** The Windows installer package put this very program in place: its marker is beside it. */
const packageOf = (io: CliIO, base: Base): MsiMarker | undefined =>
  io.standalone ? readMsiMarker(base, pathFor(base).dirname(io.execPath)) : undefined;

export async function runCli(io: CliIO): Promise<number> {
  if (io.standalone && io.argv.length === 0) return setup(io);
  let lang: Lang = peekLang(io.argv) ?? detectLang(io.env);
  const t = () => texts(lang);
  const write = (s: string) => io.stdout.write(s);
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
      case 'discover':
        return await discover(command, io, lang);
      case 'send-test':
        return await sendTestCommand(command.args, io, lang);
      case 'install': {
        const pkg = packageOf(io, base);
        if (pkg) return configurePackage(io, base, command, lang);
        const { plan, configBackup } = install({
          base,
          browsers: command.browsers,
          userDataDir: command.userDataDir,
          allow: command.allow,
          extensionIds: command.extensionIds,
          addonIds: command.addonIds,
          node: io.execPath,
          bundle: io.bundlePath,
          executable: io.standalone ? io.execPath : undefined,
          runReg: io.runReg,
        });
        if (command.json) {
          write(
            JSON.stringify(
              {
                installDir: plan.dir,
                targets: plan.targets,
                files: plan.files.map((f) => ({ path: f.path, kind: f.kind, target: f.target })),
                registry: plan.registry.map((r) => r.key),
                config: plan.config,
                ...(configBackup ? { configBackup } : {}),
              },
              null,
              2,
            ) + '\n',
          );
          return 0;
        }
        const lines = [fill(t().installed, { targets: plan.targets.join(', ') })];
        if (configBackup) lines.push(fill(t().configBackup, { path: configBackup }));
        for (const f of plan.files) lines.push(fill(t().wrote, { path: f.path }));
        for (const r of plan.registry) lines.push(fill(t().registry, { key: r.key }));
        const s = status(base);
        lines.push(fill(t().allowList, { allow: s.allow.join(', ') }));
        write(lines.join('\n') + '\n');
        return 0;
      }
      case 'uninstall': {
        const r = uninstall(base, io.runReg);
        // Windows Installer owns what its package put in place: the person removes it in Settings › Apps.
        const packages = packageInstalls(base, { self: io.standalone ? io.execPath : undefined });
        const byPackage = packages.map((p) => fill(t().packageRemove, { dir: p.dir, name: MSI_PRODUCT_NAME }));
        if (command.json) {
          write(
            JSON.stringify({ ...r, packages: packages.map((p) => ({ scope: p.scope, dir: p.dir, version: p.version })) }, null, 2) + '\n',
          );
          return 0;
        }
        if (!r.wasInstalled) {
          write([...(byPackage.length ? [] : [fill(t().notInstalled, { dir: status(base).installDir })]), ...byPackage].join('\n') + '\n');
          return 0;
        }
        const lines = [t().uninstalled];
        for (const p of [...r.removed, ...r.registryRemoved, ...r.dirsRemoved]) lines.push(fill(t().removed, { path: p }));
        for (const p of r.registryMissing) lines.push(fill(t().registryGone, { path: p }));
        for (const p of r.kept) lines.push(fill(t().kept, { path: p }));
        for (const p of r.registryFailed) lines.push(fill(t().registryFailed, { path: p }));
        for (const p of r.refused) lines.push(fill(t().refused, { path: p }));
        lines.push(...byPackage);
        write(lines.join('\n') + '\n');
        return r.registryFailed.length ? 1 : 0;
      }
      case 'status': {
        const s = status(base);
        const installedProgram = s.files.find((f) => f.kind === (io.standalone ? 'program' : 'bundle'));
        const self = io.standalone ? io.execPath : io.bundlePath;
        // The install keeps its own copy of the program: say when this build is newer (or older).
        const outdated =
          !!installedProgram && installedProgram.state === 'ok' && fileSha(self) !== undefined && fileSha(self) !== installedProgram.sha256;
        const packages = packageInstalls(base, { self: io.standalone ? io.execPath : undefined, runReg: io.runReg });
        if (command.json) {
          write(JSON.stringify({ ...s, outdated, packages }, null, 2) + '\n');
          return 0;
        }
        const lines = packages.flatMap((p) => packageStatus(p, lang));
        if (s.installed || packages.length === 0)
          lines.push(
            !s.installed
              ? fill(t().statusNot, { dir: s.installDir })
              : s.node
                ? fill(t().statusInstalled, { dir: s.installDir, when: s.updatedAt ?? '?', node: s.node })
                : fill(t().statusInstalledProgram, { dir: s.installDir, when: s.updatedAt ?? '?' }),
          );
        for (const f of s.files)
          lines.push(
            fill(t().statusFile, {
              state: t().state[f.state],
              kind: t().kind[f.kind],
              target: f.target ? `(${f.target}) ` : '',
              path: f.path,
            }),
          );
        for (const r of s.registry) lines.push(fill(t().registry, { key: r.key }));
        for (const f of s.foreign) lines.push(fill(t().foreign, { target: f.target, path: f.path }));
        lines.push(fill(t().allowList, { allow: s.allow.join(', ') }));
        if (outdated) lines.push(fill(t().outdated, { bundle: self }));
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

/** What status says about one install by the Windows installer package. */
function packageStatus(p: PackageInstall, lang: Lang): string[] {
  const t = texts(lang);
  const lines = [fill(t.statusPackage, { scope: t.packageScope[p.scope], dir: p.dir, version: p.version })];
  for (const m of p.manifests)
    if (!m.present)
      lines.push(fill(t.statusFile, { state: t.state.missing, kind: t.kind.manifest, target: `(${m.browser}) `, path: m.path }));
  for (const k of p.keys)
    lines.push(
      fill(t.statusPackageKey, {
        state: k.ours ? t.state.ok : k.value ? t.keyElsewhere : t.state.missing,
        key: k.key,
        value: k.value ?? '—',
      }),
    );
  lines.push(fill(t.packageRemove, { dir: p.dir, name: MSI_PRODUCT_NAME }));
  return lines;
}

/**
 * `install` run by the package's own program: the package registered every browser already, so
 * only the allow-list (and development ids) can change, in config.json beside the program, which
 * the host reads there. Per machine that folder is the administrator's (Program Files).
 */
function configurePackage(io: CliIO, base: Base, command: Extract<Command, { cmd: 'install' }>, lang: Lang): number {
  const t = texts(lang);
  const file = pathFor(base).join(pathFor(base).dirname(io.execPath), MSI_CONFIG);
  if (!command.allow?.length && !command.extensionIds?.length && !command.addonIds?.length) {
    io.stdout.write(command.json ? JSON.stringify({ package: file, changed: false }, null, 2) + '\n' : `${t.packageInstallNothing}\n`);
    return 0;
  }
  const loaded = loadConfig(file);
  if (loaded.problem && !loaded.problem.startsWith('cannot read')) throw new InstallError(`${loaded.problem}; fix or remove it first`);
  const config = mergeConfig(loaded.config, command);
  try {
    writePrivate(file, JSON.stringify(config, null, 2) + '\n', 0o644);
  } catch (e) {
    if (e instanceof InstallRefused) throw new InstallError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new InstallError(fill(t.packageConfigDenied, { path: file }));
    throw e;
  }
  const allow = effectiveAllowList(config.allow).map(formatAllowEntry);
  io.stdout.write(
    command.json
      ? JSON.stringify({ package: file, changed: true, config }, null, 2) + '\n'
      : [fill(t.wrote, { path: file }), fill(t.allowList, { allow: allow.join(', ') })].join('\n') + '\n',
  );
  return 0;
}

/** A list of names in the output's language: `A, B and C` / `A、B、C`. */
function joinNames(names: string[], lang: Lang): string {
  const t = texts(lang);
  if (lang === 'zh-TW' || names.length < 2) return names.join(t.and);
  return `${names.slice(0, -1).join(', ')}${t.and}${names.at(-1)}`;
}

/**
 * The downloaded program run without arguments, typically by a double-click: install for every
 * browser that has a profile here, then say in the system's language what was done. On Windows
 * the console window closes with the program, so it waits for Enter first.
 */
async function setup(io: CliIO): Promise<number> {
  const lang = detectLang(io.env, systemLocale());
  const t = texts(lang);
  const base = currentBase(io.env);
  const { out, code } = packageOf(io, base) ? setupDoneByPackage(io, base, lang) : setupInstall(io, base, lang);
  io.stdout.write(out.join('\n') + '\n');
  if (base.platform === 'win32') {
    io.stdout.write(`\n${t.pressEnter}\n`);
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      io.stdin.once('data', done);
      io.stdin.once('end', done);
      io.stdin.once('error', done);
      io.stdin.resume();
    });
    io.stdin.pause();
  }
  return code;
}

/** The double-click install itself, and what it says. */
function setupInstall(io: CliIO, base: Base, lang: Lang): { out: string[]; code: number } {
  const t = texts(lang);
  try {
    const { plan, configBackup } = install({
      base,
      browsers: 'all',
      node: io.execPath,
      bundle: io.execPath,
      executable: io.execPath,
      runReg: io.runReg,
    });
    const names = plan.targets.map((b) => t.browser[b] ?? b);
    const out = [
      fill(t.setupDone, { dir: plan.dir }),
      fill(t.setupFor, { browsers: joinNames(names, lang) }),
      fill(t.setupRestart, { browsers: joinNames(names, lang) }),
    ];
    if (configBackup) out.push(fill(t.configBackup, { path: configBackup }));
    out.push(
      t.setupDelete,
      fill(t.setupUninstall, { program: pathFor(base).join(plan.dir, pathFor(base).basename(executableCopyPath(base))) }),
    );
    return { out, code: 0 };
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    return { out: [/no browser profile found/.test(message) ? t.setupNoBrowser : fill(t.failed, { message })], code: 1 };
  }
}

/**
 * The program the Windows installer package put in place, double-clicked (from the Start menu's
 * search, or its folder): the package registered every browser, so there is nothing to install;
 * it says so, and how the helper is removed.
 */
function setupDoneByPackage(io: CliIO, base: Base, lang: Lang): { out: string[]; code: number } {
  const t = texts(lang);
  const pkg = packageOf(io, base)!;
  const dir = pathFor(base).dirname(io.execPath);
  return {
    out: [
      fill(t.packageSetup, { dir, scope: t.packageScope[pkg.scope] }),
      fill(t.setupFor, {
        browsers: joinNames(
          BROWSERS.map((b) => t.browser[b] ?? b),
          lang,
        ),
      }),
      t.packageNothing,
      fill(t.packageRemove, { dir, name: MSI_PRODUCT_NAME }),
    ],
    code: 0,
  };
}

/** The system's language setting as the runtime sees it (Windows and macOS set no LANG for a double-click). */
function systemLocale(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return undefined;
  }
}

function fileSha(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** A `--ca FILE` read and checked to be PEM, or a usage error saying why not. */
export function readCa(file: string): Buffer {
  let ca: Buffer;
  try {
    ca = readFileSync(file);
  } catch (e) {
    throw new UsageError(`--ca: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca: ${file} is not a PEM certificate`);
  return ca;
}

/** Exit status 0 when a server was found, 1 when none answered. */
async function discover(c: Extract<Command, { cmd: 'discover' }>, io: CliIO, lang: Lang): Promise<number> {
  if (!isDiscoverableDomain(c.domain))
    throw new UsageError(`ADDRESS: ${c.domain} is not one organisation's domain (a name like school.edu.tw)`);
  const ca = c.ca ? readCa(c.ca) : undefined;
  const report = await (io.discover ?? runDiscovery)(
    { domain: c.domain, ports: c.ports, timeoutMs: c.timeoutMs, ca },
    undefined,
    undefined,
    {
      resolver: makeResolver(c.dns),
      allowLoopback: io.env.M2K_PROBE_ALLOW_LOOPBACK === '1',
    },
  );
  io.stdout.write(c.json ? JSON.stringify(report, null, 2) + '\n' : renderDiscovery(report, lang));
  return report.best ? 0 : 1;
}

async function check(c: Extract<Command, { cmd: 'check' }>, io: CliIO, lang: Lang): Promise<number> {
  let ca: Buffer | undefined;
  if (c.ca) {
    try {
      ca = readFileSync(c.ca);
    } catch (e) {
      throw new UsageError(`--ca: cannot read ${c.ca} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca: ${c.ca} is not a PEM certificate`);
  }
  let credential =
    c.user !== undefined && c.passwordStdin
      ? await readCredential(c.user, io.stdin as Readable & { isTTY?: boolean }, io.stderr, lang)
      : undefined;
  const report = await io.probe({ host: c.host, ports: c.ports, only: c.only, timeoutMs: c.timeoutMs, ca, credential });
  credential = undefined;
  io.stdout.write(c.json ? JSON.stringify(report, null, 2) + '\n' : renderReport(report, lang));
  return report.results.every((r) => r.ok) ? 0 : 1;
}
