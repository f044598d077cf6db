/** `m2k-probe uninstall`: removes what install added; an installer package's install is removed in Settings › Apps. */
import { MSI_PRODUCT_NAME } from '@/contract/release';
import { status } from '../../install/status';
import { uninstall } from '../../install/uninstall';
import { packageInstalls } from '../../install/msi';
import type { Command } from '../args';
import { fill, texts } from '../texts';
import type { CommandContext } from '../io';

export function uninstallCommand(command: Extract<Command, { cmd: 'uninstall' }>, { io, base, lang }: CommandContext): number {
  const t = texts(lang);
  const write = (s: string) => io.stdout.write(s);
  const r = uninstall(base, io.runReg);
  // Windows Installer owns what its package put in place: the person removes it in Settings › Apps.
  const packages = packageInstalls(base, { self: io.standalone ? io.execPath : undefined });
  const byPackage = packages.map((p) => fill(t.packageRemove, { dir: p.dir, name: MSI_PRODUCT_NAME }));
  if (command.json) {
    write(JSON.stringify({ ...r, packages: packages.map((p) => ({ scope: p.scope, dir: p.dir, version: p.version })) }, null, 2) + '\n');
    return 0;
  }
  if (!r.wasInstalled) {
    write([...(byPackage.length ? [] : [fill(t.notInstalled, { dir: status(base).installDir })]), ...byPackage].join('\n') + '\n');
    return 0;
  }
  const lines = [t.uninstalled];
  for (const p of [...r.removed, ...r.registryRemoved, ...r.dirsRemoved]) lines.push(fill(t.removed, { path: p }));
  for (const p of r.registryMissing) lines.push(fill(t.registryGone, { path: p }));
  for (const p of r.kept) lines.push(fill(t.kept, { path: p }));
  for (const p of r.registryFailed) lines.push(fill(t.registryFailed, { path: p }));
  for (const p of r.refused) lines.push(fill(t.refused, { path: p }));
  lines.push(...byPackage);
  write(lines.join('\n') + '\n');
  return r.registryFailed.length ? 1 : 0;
}
