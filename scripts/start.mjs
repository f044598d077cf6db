#!/usr/bin/env node
// `npm start`: install dependencies if missing, build the extension (Chrome + Firefox) and the
// companion program, then open Chromium with the extension loaded when there is a screen; otherwise
// (CI, SSH, containers) print how to load it by hand. Never waits on the browser: it is started
// detached, so this script always ends.
//
//   npm start                     build + open Chromium (or print instructions)
//   npm start -- --firefox        open Firefox instead (web-ext run, temporary add-on)
//   npm start -- --no-open        build and print instructions only
//   npm start -- --no-helper      do not register the companion program for the started browser
//   npm start -- --no-build       use what is already in ${M2K_OUT:-.output}
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const outDir = resolve(root, process.env.M2K_OUT ?? '.output');
const chromeDir = join(outDir, 'chrome-mv3');
const firefoxDir = join(outDir, 'firefox-mv3');
const helper = join(root, 'dist/helper/m2k-probe.cjs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const step = (msg) => console.log(`\n▶ ${msg}`);
const run = (cmd, argv, opts = {}) => {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${argv.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
};
const which = (names) => {
  for (const n of names) {
    if (n.includes('/')) {
      if (existsSync(n)) return n;
      continue;
    }
    for (const d of (process.env.PATH ?? '').split(':')) if (d && existsSync(join(d, n))) return join(d, n);
  }
  return null;
};

// The fixed Chromium id comes from contract/ids.ts (pinned by the manifest key); read it rather than repeat it.
const ids = readFileSync(join(root, 'contract/ids.ts'), 'utf8');
const extensionId = /CHROME_EXTENSION_ID\s*=\s*'([a-p]{32})'/.exec(ids)?.[1] ?? '(see contract/ids.ts)';
const geckoId = /GECKO_ID\s*=\s*'([^']+)'/.exec(ids)?.[1] ?? '(see contract/ids.ts)';

if (!args.has('--no-build') && !existsSync(join(root, 'node_modules/.bin/wxt'))) {
  step('Installing dependencies (npm ci)');
  run(npm, ['ci', '--no-audit', '--no-fund']);
}

if (!args.has('--no-build')) {
  step(`Building the extension and the companion program into ${outDir}`);
  run(npm, ['run', 'build']);
} else if (!existsSync(join(chromeDir, 'manifest.json'))) {
  console.error(`✖ --no-build, but nothing is built in ${outDir}`);
  process.exit(1);
}

const manual = () => {
  console.log(`
The extension is built. To load it by hand:

  Chrome / Chromium / Edge / Brave
    1. open chrome://extensions and switch on "Developer mode"
    2. "Load unpacked" → choose ${chromeDir}
    The extension id is always ${extensionId} (fixed by the manifest key).

  Firefox (140 or newer)
    1. open about:debugging#/runtime/this-firefox
    2. "Load Temporary Add-on…" → choose ${join(firefoxDir, 'manifest.json')}
    Add-on id: ${geckoId}. Store packages: npm run zip.

  Companion program (network checks from the popup):
    node ${helper} install      (then restart the browser)
`);
};

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform === 'darwin';
const inCi = Boolean(process.env.CI);
if (args.has('--no-open') || inCi || !hasDisplay) {
  if (!hasDisplay && !args.has('--no-open')) console.log('\nNo display found (DISPLAY / WAYLAND_DISPLAY unset): not opening a browser.');
  manual();
  process.exit(0);
}

const detached = (cmd, argv) => {
  const child = spawn(cmd, argv, { cwd: root, detached: true, stdio: 'ignore' });
  child.on('error', (e) => console.error(`✖ could not start ${cmd}: ${e.message}`));
  child.unref();
};

const GMAIL = 'https://mail.google.com/mail/u/0/#settings/accounts';

if (args.has('--firefox')) {
  const ff = which(['firefox-esr', 'firefox']);
  if (!ff) {
    console.log('\nFirefox not found (Debian/Ubuntu: sudo apt-get install firefox-esr).');
    manual();
    process.exit(0);
  }
  if (!args.has('--no-helper') && existsSync(helper))
    spawnSync(process.execPath, [helper, 'install', '--browser', 'firefox'], { stdio: 'inherit' });
  step('Opening Firefox with the add-on (web-ext run)');
  detached(process.execPath, [
    join(root, 'node_modules/web-ext/bin/web-ext.js'),
    'run',
    '--source-dir',
    firefoxDir,
    '--firefox',
    ff,
    '--start-url',
    GMAIL,
    '--no-reload',
  ]);
  manual();
  process.exit(0);
}

// Google Chrome's branded builds ignore --load-extension (since 137); Chromium still honours it.
const chromium = which([
  'chromium',
  'chromium-browser',
  '/usr/bin/chromium',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]);
if (!chromium) {
  console.log('\nChromium not found (Debian/Ubuntu: sudo apt-get install chromium). Load the extension into your browser by hand:');
  manual();
  process.exit(0);
}
// A profile of its own, so the person's everyday profile is not touched; it persists between runs.
const profile = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mail2000-gmail-bridge', 'chromium-profile');
mkdirSync(profile, { recursive: true });
if (!args.has('--no-helper') && existsSync(helper)) {
  step('Registering the companion program for that profile');
  const r = spawnSync(process.execPath, [helper, 'install', '--browser', 'chromium', '--user-data-dir', profile], { stdio: 'inherit' });
  if (r.status !== 0) console.log('  (the companion program could not be registered; the extension works without it)');
}
step(`Opening Chromium with the extension (${extensionId})`);
detached(chromium, [
  `--user-data-dir=${profile}`,
  `--disable-extensions-except=${chromeDir}`,
  `--load-extension=${chromeDir}`,
  '--no-first-run',
  '--no-default-browser-check',
  `chrome-extension://${extensionId}/options.html`,
  GMAIL,
]);
console.log(`  profile: ${profile}\n  Close the browser window when done; rebuild with npm start again.`);
process.exit(0);
