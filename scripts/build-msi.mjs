#!/usr/bin/env node
// The Windows installer packages (MSI) of the companion program, built on Linux with wixl (Debian's
// `wixl`; `msiinfo` from `msitools` reads them back):
//   m2k-probe-windows-x64.msi          per user: %LOCALAPPDATA%\Programs\Mail2000 Gmail Bridge and
//                                      HKCU keys; no administrator prompt
//   m2k-probe-windows-x64-machine.msi  per machine: %ProgramFiles%\Mail2000 Gmail Bridge and HKLM
//                                      keys; for IT (msiexec /i … /qn)
// What goes in them is helper/install/msi.ts (the host manifests come from the same code as the
// program's own install); names, UpgradeCodes and the product name are contract/release.ts. Each
// package makes a Settings › Apps entry (name, version, publisher, an icon drawn from
// assets/icon.svg) and replaces an older version of itself (a major upgrade).
//
//   node scripts/build-msi.mjs [--scope user|machine] [--program FILE] [--version X.Y.Z] [--out DIR]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** helper/install/msi.ts and contract/release.ts, bundled once for this script (they are TypeScript). */
async function loadLayout(work) {
  const entry = path.join(work, 'entry.ts');
  writeFileSync(
    entry,
    `export * from ${JSON.stringify(path.join(root, 'helper/install/msi.ts'))};\nexport * from ${JSON.stringify(path.join(root, 'contract/release.ts'))};\n`,
  );
  const outfile = path.join(work, 'layout.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    absWorkingDir: root,
  });
  return import(pathToFileURL(outfile).href);
}

/** A GUID that is always the same for the same words: the product code of one version, a component's identity. */
function stableGuid(words) {
  const h = createHash('sha256').update(words).digest('hex');
  const v = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return v.toUpperCase();
}

/** An .ico with PNG images (Windows Vista and later read these) of the one icon drawing. */
export async function renderIco(svgFile) {
  const svg = readFileSync(svgFile);
  const sizes = [16, 24, 32, 48, 64, 256];
  const pngs = await Promise.all(
    sizes.map((s) =>
      sharp(svg, { density: Math.ceil((72 * s) / 128) })
        .resize(s, s)
        .png()
        .toBuffer(),
    ),
  );
  const head = Buffer.alloc(6 + 16 * sizes.length);
  head.writeUInt16LE(1, 2); // type: icon
  head.writeUInt16LE(sizes.length, 4);
  let offset = head.length;
  sizes.forEach((s, i) => {
    const e = 6 + i * 16;
    head[e] = s >= 256 ? 0 : s; // 0 means 256
    head[e + 1] = s >= 256 ? 0 : s;
    head.writeUInt16LE(1, e + 4); // planes
    head.writeUInt16LE(32, e + 6); // bits per pixel
    head.writeUInt32LE(pngs[i].length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += pngs[i].length;
  });
  return Buffer.concat([head, ...pngs]);
}

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The WiX source of one package. Sources are relative to the folder wixl runs in (it takes no absolute ones). */
export function wxs({ L, scope, version, program, fileDir, icon, aboutUrl }) {
  const layout = L.msiLayout(scope, version);
  const perUser = scope === 'user';
  const hive = perUser ? 'HKCU' : 'HKLM';
  const files = layout.files.map(
    (f, i) => `          <File Id="f${i}" Name="${xml(f.name)}" Source="${xml(path.posix.join(fileDir, f.name))}" KeyPath="no" />`,
  );
  // Per user, a component's key path must be in HKCU (the folder is the person's own): each of the
  // two components (the install folder's, and Programs' so that it is removed again when empty)
  // takes one browser's key as its key path. Per machine, the program is the key path.
  const value = (r, keyPath) =>
    `          <RegistryValue Root="${hive}" Key="${xml(r.key)}" Type="string" Value="[INSTALLDIR]${xml(r.file)}"${keyPath ? ' KeyPath="yes"' : ''} />`;
  const [first, ...rest] = layout.registry;
  const registry = perUser ? rest.map((r, i) => value(r, i === 0)) : layout.registry.map((r) => value(r, false));
  const programsComponent = perUser
    ? `
    <DirectoryRef Id="ProgramsDir">
      <Component Id="Programs" Guid="${stableGuid(`${L.MSI_UPGRADE_CODES[scope]} programs component`)}" Win64="yes">
${value(first, true)}
          <RemoveFolder Id="ProgramsDir" On="uninstall" />
      </Component>
    </DirectoryRef>`
    : '';
  const installDir = perUser
    ? `      <Directory Id="LocalAppDataFolder">
        <Directory Id="ProgramsDir" Name="Programs">
          <Directory Id="INSTALLDIR" Name="${xml(L.MSI_FOLDER)}" />
        </Directory>
      </Directory>`
    : `      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="${xml(L.MSI_FOLDER)}" />
      </Directory>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="${stableGuid(`${L.MSI_UPGRADE_CODES[scope]} ${version}`)}" Name="${xml(L.MSI_PRODUCT_NAME)}" Language="1033" Version="${xml(version)}"
           Manufacturer="${xml(L.MSI_PUBLISHER)}" UpgradeCode="${L.MSI_UPGRADE_CODES[scope]}">
    <Package InstallerVersion="500" Compressed="yes" InstallScope="${perUser ? 'perUser' : 'perMachine'}"
             Description="${xml(`${L.MSI_PRODUCT_NAME} ${version} (${perUser ? 'per user' : 'per machine'})`)}" />
    <MajorUpgrade DowngradeErrorMessage="A newer version of ${xml(L.MSI_PRODUCT_NAME)} is already installed." />
    <Media Id="1" Cabinet="helper.cab" EmbedCab="yes" />
    <Icon Id="m2k.ico" SourceFile="${xml(icon)}" />
    <Property Id="ARPPRODUCTICON" Value="m2k.ico" />
    <Property Id="ARPNOMODIFY" Value="1" />
    <Property Id="ARPURLINFOABOUT" Value="${xml(aboutUrl)}" />
    <Directory Id="TARGETDIR" Name="SourceDir">
${installDir}
    </Directory>
    <DirectoryRef Id="INSTALLDIR">
      <Component Id="Helper" Guid="${stableGuid(`${L.MSI_UPGRADE_CODES[scope]} helper component`)}" Win64="yes">
          <File Id="program" Name="${xml(L.MSI_PROGRAM)}" Source="${xml(program)}" KeyPath="${perUser ? 'no' : 'yes'}" />
${files.join('\n')}
${registry.join('\n')}
          <RemoveFolder Id="INSTALLDIR" On="uninstall" />
      </Component>
    </DirectoryRef>${programsComponent}
    <Feature Id="Helper" Level="1" Title="${xml(L.MSI_PRODUCT_NAME)}">
      <ComponentRef Id="Helper" />${perUser ? '\n      <ComponentRef Id="Programs" />' : ''}
    </Feature>
  </Product>
</Wix>
`;
}

/**
 * Builds one package. `program` is the Windows program (scripts/build-exe.mjs), `version` x.y.z
 * (package.json's by default). Returns the package's path.
 */
export async function buildMsi({ scope = 'user', program, version = pkg.version, outDir = path.join(root, 'dist/helper/msi') } = {}) {
  if (!program) throw new Error('build-msi: no program given');
  const work = mkdtempSync(path.join(tmpdir(), 'm2k-msi-'));
  try {
    const L = await loadLayout(work);
    mkdirSync(path.join(work, 'files'));
    for (const f of L.msiLayout(scope, version).files) writeFileSync(path.join(work, 'files', f.name), f.content);
    writeFileSync(path.join(work, 'm2k.ico'), await renderIco(path.join(root, 'assets/icon.svg')));
    symlinkSync(path.resolve(program), path.join(work, 'program.exe'));
    const aboutUrl = L.releasePageUrl(pkg.repository);
    writeFileSync(
      path.join(work, 'helper.wxs'),
      wxs({ L, scope, version, program: 'program.exe', fileDir: 'files', icon: 'm2k.ico', aboutUrl }),
    );
    mkdirSync(outDir, { recursive: true });
    const out = path.join(outDir, L.MSI_FILES[scope]);
    execFileSync('wixl', ['--arch', 'x64', '--output', out, 'helper.wxs'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { scope: { type: 'string' }, program: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' } },
  });
  const program = values.program ?? path.join(root, 'dist/helper/exe/m2k-probe-windows-x64.exe');
  for (const scope of values.scope ? [values.scope] : ['user', 'machine'])
    console.log(await buildMsi({ scope, program, version: values.version, outDir: values.out && path.resolve(values.out) }));
}
