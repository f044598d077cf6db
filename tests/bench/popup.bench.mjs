#!/usr/bin/env node
// Popup benchmarks against the built extension (`${M2K_OUT ?? '.output'}/chrome-mv3`):
//   popup.bundle_gzip_kb   popup.html and every script, preload and stylesheet it loads, gzip -9 (goal <= 40)
//   popup.first_render_ms  median first-contentful-paint of popup.html in Chromium, i.e. until the
//                          Preact app has painted (the HTML itself is an empty <div>) (goal <= 100)
//   native.roundtrip_ms    median time from pressing "Check the connection" to all seven rows final,
//                          in Chromium, through the real helper (installed by its own CLI into the
//                          test profile) against local Dovecot + Postfix (needs root for Postfix, as in CI)
// The TypeScript launchers (browsers, mail servers) are bundled with esbuild into a temp dir.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    contents: `export * from './tests/support/browsers/index.ts'; export * from './tests/support/mail-servers/index.ts'; export * from './tests/e2e/support-probe.ts';`,
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

let stack;
let session;
const home = S.tempDir('bench-home-');
const profileDir = S.tempDir('bench-chromium-');
try {
  stack = await S.startMailStack();
  S.installHelper(home, profileDir, S.allowSpec('127.0.0.1', Object.values(stack.ports)));
  session = await S.launchChromium({ userDataDir: profileDir, env: { NODE_EXTRA_CA_CERTS: stack.certs.caCert, HOME: home } });
  const url = `chrome-extension://${session.extensionId}/popup.html`;

  const renders = [];
  for (let i = 0; i < RENDER_ROUNDS + 1; i++) {
    const page = await session.context.newPage();
    await page.goto(url);
    await page.getByTestId('m2k-probe-run').waitFor();
    const fcp = await page.evaluate(
      () => new Promise((res) => {
        const get = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        const v = get();
        if (v !== undefined) return res(v);
        new PerformanceObserver(() => res(get())).observe({ type: 'paint', buffered: true });
      }),
    );
    if (i > 0) renders.push(fcp); // the first load also compiles the bundle: warm-up
    await page.close();
  }
  console.log(`popup.first_render_ms: ${median(renders).toFixed(1)}`);

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
