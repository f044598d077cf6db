/**
 * A browser that reads machine-wide policy files nobody else on this machine sees. Browsers read
 * policies from /etc (Chromium: /etc/chromium/policies/managed/*.json; Debian's firefox-esr:
 * /etc/firefox/policies/policies.json), and other people's browsers run here at the same time, so the
 * files are never written to the real /etc: the browser starts in a private mount namespace
 * (`unshare --mount`) where /etc is an overlay of the real /etc and a temporary folder holding the
 * policy files. The overlay, and the policy, end with the browser's process. Needs root, as CI has.
 *
 *   const root = policyRoot('/usr/bin/chromium', { 'chromium/policies/managed/m2k.json': text });
 *   const s = await launchChromium({ executablePath: root.executable });
 *   root.set('chromium/policies/managed/m2k.json', other);   // the browser sees it on its next reload
 *   await s.close(); root.remove();
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { tempDir } from './chromium';

export interface PolicyRoot {
  /** The wrapper to pass as the browser's executablePath. */
  executable: string;
  /** Writes (or replaces) a file under /etc as the browser sees it, e.g. `firefox/policies/policies.json`. */
  set(pathUnderEtc: string, text: string): void;
  remove(): void;
}

export function policyRoot(browser: string, files: Record<string, string>): PolicyRoot {
  if (process.getuid?.() !== 0) throw new Error('policy tests start the browser in a private mount namespace, which needs root (as in CI)');
  const dir = tempDir('policy-');
  const upper = join(dir, 'etc');
  const work = join(dir, 'work');
  mkdirSync(upper);
  mkdirSync(work);
  // Overlay options are comma-separated: a path with a comma or colon would be read as another option.
  if (/[,:\s'"\\]/.test(dir)) throw new Error(`policy root: unusable folder name ${dir}`);
  const set = (path: string, text: string) => {
    const rel = normalize(path);
    if (rel.startsWith('..') || rel.startsWith('/')) throw new Error(`policy root: ${path} is not under /etc`);
    mkdirSync(dirname(join(upper, rel)), { recursive: true });
    writeFileSync(join(upper, rel), text);
  };
  for (const [path, text] of Object.entries(files)) set(path, text);
  const executable = join(dir, 'browser');
  writeFileSync(
    executable,
    [
      '#!/bin/sh',
      '# The browser in a mount namespace of its own, with policy files laid over /etc (tests/support/browsers/policy-root.ts).',
      `exec unshare --mount --propagation private -- /bin/sh -c 'mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc && shift 2 && exec "$@"' policy-root '${upper}' '${work}' '${browser}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(executable, 0o755);
  return { executable, set, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
