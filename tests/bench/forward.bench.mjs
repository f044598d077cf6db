#!/usr/bin/env node
// The forwarding assistant in Debian's Chromium with the built extension (${M2K_OUT ?? '.output'}/chrome-mv3;
// run `npm run build` first), on the Mail2000-like fixtures served at https://mail.au.edu.tw by a
// local HTTPS server (nothing leaves the machine):
//   forward.assist_ms   from the auto-forward page's content appearing (its frame builds the form
//                       after load, as Mail2000's pages do) to the last of its fields being filled,
//                       both read from that frame's own clock; median of the rounds (goal <= 200)
//   forward.rounds      how many fills were measured
// The tab is opened by the Gmail panel's "Forward Mail2000 to this Gmail", so the assistant has
// its intent; each round loads the page afresh in the webmail's main frame.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = 15;
// Inside the repository, so the bundled support finds playwright-core in node_modules.
mkdirSync(path.join(root, 'tests/.tmp'), { recursive: true });
const tmp = mkdtempSync(path.join(root, 'tests/.tmp/bench-forward-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  await build({
    entryPoints: [path.join(root, 'tests/support/mail2000/chromium.ts')],
    outfile: path.join(tmp, 'support.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['playwright-core', 'puppeteer-core'],
    alias: { '@': root },
    logLevel: 'error',
  });
  const { launchForwarding, openGmail, pressForward, logIn, frameAt } = await import(path.join(tmp, 'support.mjs'));
  const variant = { start: 'start.html', submenu: 'submenu.zh-TW.html', forward: 'forward-late.zh-TW.html' };
  const { s } = await launchForwarding(() => variant, { launch: { lang: 'en' } });
  try {
    const gmail = await openGmail(s);
    const tab = await pressForward(s, gmail);
    await tab.waitForURL('https://mail.au.edu.tw/cgi-bin/login', { timeout: 15_000 });
    await logIn(tab);
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      const main = await frameAt(tab, 'main', '/cgi-bin/forward');
      if (i > 0) await main.goto(`https://mail.au.edu.tw/cgi-bin/forward?round=${i}`);
      await main.waitForFunction(() => window.__m2kAppeared !== undefined, null, { timeout: 15_000 });
      await main.waitForFunction(
        () =>
          document
            .querySelector('m2k-forward-note')
            ?.shadowRoot?.querySelector('[data-testid="m2k-forward-status"]')
            ?.getAttribute('data-state') === 'filled',
        null,
        { timeout: 15_000 },
      );
      if ((await main.locator('input[name=fw_to]').inputValue()) === '') throw new Error('not filled');
      times.push(await main.evaluate(() => window.__m2kLastChange - window.__m2kAppeared));
    }
    console.log(`# assist: ${times.map((m) => m.toFixed(1)).join(' ')}`);
    console.log(`forward.assist_ms: ${median(times).toFixed(1)}`);
    console.log(`forward.rounds: ${times.length}`);
  } finally {
    await s.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
