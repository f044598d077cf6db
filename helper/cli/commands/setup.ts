/**
 * The downloaded program run without arguments (a double-click): install for every browser, or,
 * for the installer package's program, say that the package did it already.
 */
import { MSI_PRODUCT_NAME } from '@/contract/release';
import { BROWSERS, currentBase, executableCopyPath, pathFor, type Base } from '../../install/paths';
import { install } from '../../install/install';
import { detectLang, type Lang } from '../lang';
import { fill, texts } from '../texts';
import { packageOf, type CliIO } from '../io';

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
export async function setup(io: CliIO): Promise<number> {
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
