// The lint's dead code check: knip (configured in knip.jsonc) finds files nothing imports, exports
// nothing imports, and dependencies nothing uses or uses without listing them. Its findings become
// lint lines like the other rules'.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const KNIP = join(dirname(new URL(import.meta.url).pathname), '..', 'node_modules/knip/bin/knip.js');

/** How each kind of knip finding reads in a lint line. */
const SAY = {
  files: () => 'nothing imports this file',
  exports: (n) => `exports '${n}', which nothing imports`,
  types: (n) => `exports the type '${n}', which nothing imports`,
  nsExports: (n) => `exports '${n}' through a namespace, and nothing uses it`,
  nsTypes: (n) => `exports the type '${n}' through a namespace, and nothing uses it`,
  enumMembers: (n) => `has the enum member '${n}', which nothing uses`,
  duplicates: (n) => `exports the same thing twice: ${n}`,
  dependencies: (n) => `lists the dependency '${n}', which nothing uses`,
  devDependencies: (n) => `lists the dev dependency '${n}', which nothing uses`,
  optionalPeerDependencies: (n) => `lists the optional peer dependency '${n}', which nothing uses`,
  unlisted: (n) => `uses '${n}', which package.json does not list`,
  unresolved: (n) => `imports '${n}', which does not resolve`,
  binaries: (n) => `runs '${n}', which no listed dependency provides`,
};

/** One problem string per finding of knip run on `root`. */
export function deadCodeProblems(root) {
  const run = spawnSync(process.execPath, [KNIP, '--no-progress', '--reporter', 'json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return [`knip: exit ${run.status}: ${`${run.stderr}${run.stdout}`.trim().split('\n').slice(0, 5).join(' / ')}`];
  }
  const problems = [];
  for (const issue of report.issues ?? []) {
    for (const [kind, found] of Object.entries(issue)) {
      if (!Array.isArray(found) || found.length === 0) continue;
      const say = SAY[kind] ?? ((n) => `${kind}: ${n}`);
      for (const item of found) {
        const name = Array.isArray(item) ? item.map((x) => x.name).join(', ') : item.name;
        const at = item.line ? `:${item.line}` : '';
        problems.push(`${issue.file}${at}: ${say(name)} (knip)`);
      }
    }
  }
  if (problems.length === 0 && run.status !== 0) problems.push(`knip: exit ${run.status}: ${run.stderr.trim().split('\n')[0] ?? ''}`);
  return problems;
}
