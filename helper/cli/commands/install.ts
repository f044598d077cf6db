/**
 * `m2k-probe install`: the program and the browsers' native messaging manifests for this user; run
 * by the installer package's own program, only its config.json.
 */
import { install, mergeConfig } from '../../install/install';
import { InstallError } from '../../install/install-error';
import { status } from '../../install/status';
import { pathFor } from '../../install/paths';
import { MSI_CONFIG } from '../../install/msi';
import { loadConfig } from '../../config';
import { writePrivate, InstallRefused } from '../../install/write';
import { effectiveAllowList, formatAllowEntry } from '../../native/allow';
import type { Command } from '../args';
import { fill, texts } from '../texts';
import { packageOf, type CommandContext } from '../io';

type InstallCommand = Extract<Command, { cmd: 'install' }>;

export function installCommand(command: InstallCommand, ctx: CommandContext): number {
  const { io, base } = ctx;
  const t = texts(ctx.lang);
  const write = (s: string) => io.stdout.write(s);
  if (packageOf(io, base)) return configurePackage(command, ctx);
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
  const lines = [fill(t.installed, { targets: plan.targets.join(', ') })];
  if (configBackup) lines.push(fill(t.configBackup, { path: configBackup }));
  for (const f of plan.files) lines.push(fill(t.wrote, { path: f.path }));
  for (const r of plan.registry) lines.push(fill(t.registry, { key: r.key }));
  const s = status(base);
  lines.push(fill(t.allowList, { allow: s.allow.join(', ') }));
  write(lines.join('\n') + '\n');
  return 0;
}

/**
 * `install` run by the package's own program: the package registered every browser already, so
 * only the allow-list (and development ids) can change, in config.json beside the program, which
 * the host reads there. Per machine that folder is the administrator's (Program Files).
 */
function configurePackage(command: InstallCommand, { io, base, lang }: CommandContext): number {
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
