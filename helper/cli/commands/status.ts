/** `m2k-probe status`: what is installed where, for each browser, and by which installer package. */
import { readFileSync } from 'node:fs';
import { MSI_PRODUCT_NAME } from '@/contract/release';
import { sha256 } from '../../install/record';
import { status } from '../../install/status';
import { packageInstalls, type PackageInstall } from '../../install/msi';
import type { Command } from '../args';
import type { Lang } from '../lang';
import { fill, texts } from '../texts';
import type { CommandContext } from '../io';

export function statusCommand(command: Extract<Command, { cmd: 'status' }>, { io, base, lang }: CommandContext): number {
  const t = texts(lang);
  const write = (s: string) => io.stdout.write(s);
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
        ? fill(t.statusNot, { dir: s.installDir })
        : s.node
          ? fill(t.statusInstalled, { dir: s.installDir, when: s.updatedAt ?? '?', node: s.node })
          : fill(t.statusInstalledProgram, { dir: s.installDir, when: s.updatedAt ?? '?' }),
    );
  for (const f of s.files)
    lines.push(
      fill(t.statusFile, {
        state: t.state[f.state],
        kind: t.kind[f.kind],
        target: f.target ? `(${f.target}) ` : '',
        path: f.path,
      }),
    );
  for (const r of s.registry) lines.push(fill(t.registry, { key: r.key }));
  for (const f of s.foreign) lines.push(fill(t.foreign, { target: f.target, path: f.path }));
  lines.push(fill(t.allowList, { allow: s.allow.join(', ') }));
  if (outdated) lines.push(fill(t.outdated, { bundle: self }));
  write(lines.join('\n') + '\n');
  return 0;
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

function fileSha(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}
