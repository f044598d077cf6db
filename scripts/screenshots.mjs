#!/usr/bin/env node
// `npm run screenshots`: PNGs for the README and for helpdesk guides, into docs/screenshots/, in
// zh-TW and en, from the built extension (`${M2K_OUT ?? '.output'}/chrome-mv3`) in Debian's Chromium:
//   popup-<state>.<lang>.png   the popup after a check, for each probe fixture (tests/fixtures/probe),
//                              a row opened, plus the "helper missing" state
//   report.<lang>.png          the report page with a history imported from the fixtures
//   panel-<state>.<lang>.png   the Gmail panel on each Accounts and Import fixture (tests/fixtures/gmail)
//   wizard-pop.<lang>.png      the Add-a-mail-account wizard with step 3 filled by the extension
// The popup's results come from a replay helper (registered as the native host of a temporary
// profile) that answers with the fixture report instead of probing: screenshots need fixed content
// and must not touch the network. Nothing is started on a fixed port.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(root, 'docs/screenshots');
mkdirSync(outDir, { recursive: true });
mkdirSync(path.join(root, 'tests/.tmp'), { recursive: true });
const tmp = mkdtempSync(path.join(root, 'tests/.tmp', 'shots-'));

await build({
  stdin: {
    contents: `export * from './tests/support/browsers/index.ts'; export * from './tests/support/gmail/wizard-routes.ts'; export * from './tests/support/gmail/wizard-pages.ts'; export * from './tests/support/native-host/fake-host.ts'; export { toExport } from './utils/history/store.ts'; export { CHROME_ORIGIN, NATIVE_HOST_NAME } from './contract/ids.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  outfile: path.join(tmp, 'support.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const S = await import(pathToFileURL(path.join(tmp, 'support.mjs')).href);

const PROBES = ['all-ok', '995-blocked', 'cert-expired', 'warnings'];
const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests/fixtures/probe', `${name}.json`), 'utf8'));

/** The replay helper: answers hello, then streams the report named in M2K_REPLAY as probe results. */
const REPLAY = S.fakeHostScript({
  setup: "const report = JSON.parse(fs.readFileSync(fs.readFileSync(process.env.M2K_REPLAY_FILE, 'utf8').trim(), 'utf8'));",
  onMessage: `    if (msg.type === 'hello') send({ type: 'hello', version: 1, helperVersion: 'replay', allow: [] });
    else if (msg.type === 'probe') {
      for (const result of report.results) send({ type: 'result', id: msg.id, result });
      send({ type: 'summary', id: msg.id, host: report.host, ms: report.ms, ok: report.results.every((r) => r.ok) });
    }`,
});
const replay = S.writeFakeHost(path.join(tmp, 'replay.cjs'), REPLAY);
const replayFile = path.join(tmp, 'replay-which');

const shot = async (page, name) => {
  await page.screenshot({ path: path.join(outDir, name), fullPage: true });
  console.log(`docs/screenshots/${name}`);
};

for (const lang of ['zh-TW', 'en']) {
  const profileDir = S.tempDir('shots-chromium-');
  const manifest = S.registerNativeHostChromium(profileDir, { name: S.NATIVE_HOST_NAME, path: replay, allowed_origins: [S.CHROME_ORIGIN] });
  const s = await S.launchChromium({ userDataDir: profileDir, lang, env: { M2K_REPLAY_FILE: replayFile } });
  try {
    const page = await s.context.newPage();
    await page.setViewportSize({ width: 380, height: 600 });
    const popup = `chrome-extension://${s.extensionId}/popup.html`;
    await page.goto(popup);
    await page.evaluate(() => chrome.storage.sync.set({ profile: { version: 1, profile: { address: 's1234567@mail.au.edu.tw' } } }));
    for (const name of PROBES) {
      writeFileSync(replayFile, path.join(root, 'tests/fixtures/probe', `${name}.json`));
      await page.goto(popup);
      await page.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])');
      await page.getByTestId('m2k-probe-run').click();
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="m2k-port-row"]')];
        return rows.length === 7 && rows.every((r) => r.getAttribute('data-status') !== 'running');
      });
      // Open the row that tells the story: the first that is not ok, else POP3 SSL.
      const open = (await page.$('[data-testid="m2k-port-row"]:not([data-status="ok"]) button')) ?? (await page.$('[data-testid="m2k-port-row"][data-service="pop3s"] button'));
      await open?.click();
      await shot(page, `popup-${name}.${lang}.png`);
    }
    // Without the helper: the install command.
    rmSync(manifest);
    await page.goto(popup);
    await page.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])');
    await page.getByTestId('m2k-probe-run').click();
    await page.getByTestId('m2k-helper-missing').waitFor();
    await shot(page, `popup-helper-missing.${lang}.png`);

    // History for the report: the fixtures as runs an hour apart, with one audit.
    const now = Date.now();
    const records = [...Array(12)].map((_, i) => {
      const r = fixture(PROBES[[0, 0, 1, 0, 0, 3, 0, 1, 1, 0, 3, 0][i]]);
      const jitter = (k) => ({ ...k, ms: Math.round(k.ms * (0.8 + ((i * 7 + k.port) % 5) / 10)) });
      return { kind: 'probe', at: now - (12 - i) * 3600_000, host: r.host, ms: r.ms, ok: r.results.every((x) => x.ok), credentialTested: false, results: r.results.map(jitter) };
    });
    records.push({ kind: 'audit', at: now - 1800_000, audit: { at: now - 1800_000, pageState: 'available', accounts: [], findings: [{ code: 'not-secure', severity: 'warn', account: 's1234567@mail.au.edu.tw' }, { code: 'pop-retiring', severity: 'info' }] } });
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(`chrome-extension://${s.extensionId}/report.html`);
    await page.getByTestId('m2k-report-import').setInputFiles({ name: 'h.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(S.toExport(records))) });
    await page.getByTestId('m2k-report-import-result').waitFor();
    await page.goto(`chrome-extension://${s.extensionId}/report.html`);
    await page.getByTestId('m2k-report-chart').waitFor();
    await shot(page, `report.${lang}.png`);

    // The Gmail panel on each Accounts and Import fixture that exists for this language.
    const gmailLang = lang === 'en' ? 'en' : 'zh-TW';
    const states = ['available', 'closed', 'gone', 'errors'];
    const routes = {};
    states.forEach((st, i) => {
      try {
        routes[`/mail/u/${i}/`] = readFileSync(path.join(root, 'tests/fixtures/gmail', `settings-${st}-${gmailLang}.html`), 'utf8');
      } catch {
        // not every state has a fixture in both languages
      }
    });
    await S.serveFakeGmail(s.context, routes);
    await page.setViewportSize({ width: 1100, height: 900 });
    for (const [i, st] of states.entries()) {
      if (!routes[`/mail/u/${i}/`]) continue;
      await page.goto(`https://mail.google.com/mail/u/${i}/#settings/accounts`);
      const panel = page.locator('[data-testid="m2k-panel"]');
      try {
        await panel.waitFor({ timeout: 10_000 });
      } catch {
        console.warn(`panel did not show on settings-${st}-${gmailLang}.html: skipped`);
        continue;
      }
      await panel.screenshot({ path: path.join(outDir, `panel-${st}.${lang}.png`) });
      console.log(`docs/screenshots/panel-${st}.${lang}.png`);
    }
  } finally {
    await s.close();
    rmSync(profileDir, { recursive: true, force: true });
  }

  // The wizard, filled up to the password, in a session of its own (its own fake Gmail routes).
  const w = await S.launchChromium({ lang });
  try {
    const ext = await w.context.newPage();
    await ext.goto(`chrome-extension://${w.extensionId}/popup.html`);
    await ext.evaluate((p) => chrome.storage.sync.set({ profile: { version: 1, profile: p } }), S.PROFILE);
    await S.serveFakeGmail(w.context, S.wizardRoutes(lang === 'en' ? 'en' : 'zh-TW'));
    const { popup: win } = await S.openWizardFromSetup(w);
    await win.waitForURL(`**${S.WIZARD_PATH}pop**`, { timeout: 20_000 });
    await win.waitForFunction(
      () => document.querySelector('m2k-wizard-note')?.shadowRoot?.querySelector('[data-testid="m2k-wizard-status"]')?.getAttribute('data-state') === 'password',
      undefined,
      { timeout: 20_000 },
    );
    await shot(win, `wizard-pop.${lang}.png`);
  } catch (e) {
    console.warn(`wizard screenshot (${lang}) skipped: ${e.message.split('\n')[0]}`);
  } finally {
    await w.close();
  }
}
rmSync(tmp, { recursive: true, force: true });
