#!/usr/bin/env node
// Popup benchmarks against the built extension (`${M2K_OUT ?? '.output'}/chrome-mv3`):
//   popup.bundle_gzip_kb   popup.html and every script, preload and stylesheet it loads, gzip -9 (goal <= 40)
//   popup.first_render_ms  median first-contentful-paint of popup.html in Chromium, i.e. from navigation
//                          start until the Preact app's first frame (header, host, run button) is on
//                          screen: the HTML itself is an empty <div>, and the bench fails if a paint
//                          came before the app had rendered (performance mark 'm2k-rendered'), so text
//                          in popup.html cannot stand in for the app (goal <= 100)
//   popup.blank_first_paint_ms   the same for a page of the same extension with one line of static
//                          text and no script or stylesheet (blank.html, added to a copy of the build
//                          made for the bench), loaded in the same rounds: what navigation, process and
//                          compositor cost on this machine right now, with none of our code
//   popup.first_render_over_blank_ms  median over the rounds of (popup - blank): the part that is ours,
//                          readable on a loaded machine where the absolute figure drifts
//   native.roundtrip_ms    median time from pressing "Check the connection" to all seven rows final,
//                          in Chromium, through the real helper (installed by its own CLI into the
//                          test profile) against local Dovecot + Postfix (needs root for Postfix, as in CI)
// The TypeScript launchers (browsers, mail servers) are bundled with esbuild into a temp dir.
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const extDir = path.resolve(root, process.env.M2K_OUT ?? '.output', 'chrome-mv3');
const RENDER_ROUNDS = 9;
const PROBE_ROUNDS = 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// ---- bundle size: follow popup.html's references ----
const html = readFileSync(path.join(extDir, 'popup.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const files = new Set(refs.map((r) => path.join(extDir, r.replace(/^\//, ''))));
let gz = gzipSync(html, { level: 9 }).length;
for (const f of files) gz += gzipSync(readFileSync(f), { level: 9 }).length;
console.log(`popup.bundle_gzip_kb: ${(gz / 1024).toFixed(1)}`);

// ---- browser parts ----
// Inside the repo so the bundle's bare imports (playwright-core) resolve from node_modules.
mkdirSync(path.join(root, 'tests/.tmp'), { recursive: true });
const tmp = mkdtempSync(path.join(root, 'tests/.tmp', 'popup-bench-'));
const outfile = path.join(tmp, 'support.mjs');
await build({
  stdin: {
    contents: `export * from './tests/support/browsers/index.ts'; export * from './tests/support/mail-servers/index.ts'; export * from './tests/support/browsers/companion.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const S = await import(pathToFileURL(outfile).href);

// The baseline page goes into a copy of the build (same manifest key, so the same extension id), never into the build itself.
const benchExtDir = path.join(tmp, 'chrome-mv3');
cpSync(extDir, benchExtDir, { recursive: true });
writeFileSync(
  path.join(benchExtDir, 'blank.html'),
  '<!doctype html>\n<html><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" />' +
    '<meta name="color-scheme" content="light dark" /><title>blank</title></head><body><p>Mail2000</p></body></html>\n',
);

/** First contentful paint of a page, and when the popup's first frame was in the DOM (undefined elsewhere). */
const paintTimes = (page) =>
  page.evaluate(
    () =>
      new Promise((res) => {
        const get = () => ({
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
          rendered: performance.getEntriesByName('m2k-rendered')[0]?.startTime,
        });
        if (get().fcp !== undefined) return res(get());
        new PerformanceObserver(() => res(get())).observe({ type: 'paint', buffered: true });
      }),
  );

let stack;
let session;
const home = S.tempDir('bench-home-');
const profileDir = S.tempDir('bench-chromium-');
try {
  stack = await S.startMailStack();
  S.installHelper(home, profileDir, S.allowSpec('127.0.0.1', Object.values(stack.ports)));
  session = await S.launchChromium({
    extDir: benchExtDir,
    userDataDir: profileDir,
    env: { NODE_EXTRA_CA_CERTS: stack.certs.caCert, HOME: home },
  });
  const url = `chrome-extension://${session.extensionId}/popup.html`;
  const blankUrl = `chrome-extension://${session.extensionId}/blank.html`;

  const renders = [];
  const blanks = [];
  const over = [];
  for (let i = 0; i < RENDER_ROUNDS + 1; i++) {
    const round = {};
    // Alternate which page goes first, so neither always opens right after the other has closed.
    for (const which of i % 2 ? ['blank', 'popup'] : ['popup', 'blank']) {
      const page = await session.context.newPage();
      await page.goto(which === 'popup' ? url : blankUrl);
      if (which === 'popup') await page.getByTestId('m2k-probe-run').waitFor();
      round[which] = await paintTimes(page);
      await page.close();
    }
    const { popup, blank } = round;
    if (popup.fcp === undefined || blank.fcp === undefined) throw new Error(`no first-contentful-paint: ${JSON.stringify(round)}`);
    if (popup.rendered === undefined || popup.fcp < popup.rendered) {
      throw new Error(
        `popup.html painted content before the app had rendered (${JSON.stringify(popup)}): first_render_ms would not measure the app`,
      );
    }
    if (i === 0) continue; // the first load also compiles the bundle: warm-up
    renders.push(popup.fcp);
    blanks.push(blank.fcp);
    over.push(popup.fcp - blank.fcp);
  }
  console.log(`popup.first_render_ms: ${median(renders).toFixed(1)}`);
  console.log(`popup.blank_first_paint_ms: ${median(blanks).toFixed(1)}`);
  console.log(`popup.first_render_over_blank_ms: ${median(over).toFixed(1)}`);

  const page = await session.context.newPage();
  await page.goto(url);
  await S.setProfile(page, { host: '127.0.0.1', ports: stack.ports });
  const trips = [];
  for (let i = 0; i < PROBE_ROUNDS; i++) {
    await page.goto(url);
    await page.getByTestId('m2k-probe-run').waitFor();
    await page.waitForFunction(() => document.querySelector('.m2k-host')?.textContent?.includes('127.0.0.1'));
    const t0 = Date.now();
    const statuses = await S.runProbe(page);
    const ms = Date.now() - t0;
    const bad = Object.entries(statuses).filter(([, v]) => v !== 'ok');
    if (Object.keys(statuses).length !== 7 || bad.length) throw new Error(`probe did not pass: ${JSON.stringify(statuses)}`);
    trips.push(ms);
  }
  console.log(`native.roundtrip_ms: ${median(trips)}`);
} finally {
  await session?.close();
  await stack?.stop();
  for (const d of [home, profileDir, tmp]) rmSync(d, { recursive: true, force: true });
}
