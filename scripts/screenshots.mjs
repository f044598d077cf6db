#!/usr/bin/env node
// `npm run screenshots`: PNGs for the README and for helpdesk guides, into docs/screenshots/, in
// zh-TW and en, from the built extension (`${M2K_OUT ?? '.output'}/chrome-mv3`) in Debian's Chromium:
//   popup-<state>.<lang>.png   the popup after a check, for each probe fixture (tests/fixtures/probe),
//                              a row opened, plus the "helper missing" state
//   report.<lang>.png          the report page with a history imported from the fixtures
//   panel-<state>.<lang>.png   the Gmail panel on each Accounts and Import fixture (tests/fixtures/gmail)
//   wizard-pop.<lang>.png      the Add-a-mail-account wizard with step 3 filled by the extension
//   forward-<state>.<lang>.png the forwarding assistant on the Mail2000-like webmail (tests/fixtures/mail2000),
//                              opened from the Gmail panel: the login note, the settings filled, a page it cannot read
//   popup-helper-missing-<system>.<lang>.png, popup-helper-outdated.<lang>.png
//                              the helper's download steps as a Windows, macOS and Linux browser shows them
//   store-<n>-<what>.<lang>.png  1280×800 store screenshots composed from the shots above
// The popup's results come from a replay helper (registered as the native host of a temporary
// profile) that answers with the fixture report instead of probing: screenshots need fixed content
// and must not touch the network. Nothing is started on a fixed port.
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(root, 'docs/screenshots');
mkdirSync(outDir, { recursive: true });
mkdirSync(path.join(root, 'tests/.tmp'), { recursive: true });
const tmp = mkdtempSync(path.join(root, 'tests/.tmp', 'shots-'));

await build({
  stdin: {
    contents: `export * from './tests/support/browsers/index.ts'; export * from './tests/support/gmail/wizard-routes.ts'; export * from './tests/support/gmail/wizard-pages.ts'; export * from './tests/support/native-host/fake-host.ts'; export { toExport } from './utils/history/store.ts'; export { CHROME_ORIGIN, NATIVE_HOST_NAME } from './contract/ids.ts'; export * as F from './tests/support/mail2000/chromium.ts';`,
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
  onMessage: `    if (msg.type === 'hello') send({ type: 'hello', version: 1, helperVersion: fs.existsSync(process.env.M2K_REPLAY_FILE + '.version') ? fs.readFileSync(process.env.M2K_REPLAY_FILE + '.version', 'utf8') : 'replay', allow: [] });
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
    // Every shot as a store install shows it: this build is loaded unpacked, which would add the checkout's command.
    await s.context.addInitScript(() => {
      if (chrome.management)
        chrome.management.getSelf = (cb) => (cb ? cb({ installType: 'normal' }) : Promise.resolve({ installType: 'normal' }));
    });
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
      const open =
        (await page.$('[data-testid="m2k-port-row"]:not([data-status="ok"]) button')) ??
        (await page.$('[data-testid="m2k-port-row"][data-service="pop3s"] button'));
      await open?.click();
      await shot(page, `popup-${name}.${lang}.png`);
    }
    // A helper too old for the extension: the update state.
    writeFileSync(`${replayFile}.version`, '0.0.9');
    writeFileSync(replayFile, path.join(root, 'tests/fixtures/probe', 'all-ok.json'));
    await page.goto(popup);
    await page.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])');
    await page.getByTestId('m2k-probe-run').click();
    await page.locator('[data-testid="m2k-helper-missing"][data-reason="outdated"][data-system][data-install]').waitFor();
    await shot(page, `popup-helper-outdated.${lang}.png`);
    rmSync(`${replayFile}.version`);
    // Without the helper: what to download and how to run it, as each system's browser shows it.
    rmSync(manifest);
    for (const [system, platform] of [
      ['linux', undefined],
      ['windows', { os: 'win', arch: 'x86-64' }],
      ['macos', { os: 'mac', arch: 'arm64' }],
    ]) {
      const p = await s.context.newPage();
      await p.setViewportSize({ width: 380, height: 600 });
      if (platform) {
        await p.addInitScript((info) => {
          chrome.runtime.getPlatformInfo = (cb) =>
            cb ? cb({ ...info, nacl_arch: info.arch }) : Promise.resolve({ ...info, nacl_arch: info.arch });
        }, platform);
      }
      await p.goto(popup);
      await p.waitForSelector('[data-testid="m2k-probe-run"]:not([disabled])');
      await p.getByTestId('m2k-probe-run').click();
      await p.locator('[data-testid="m2k-helper-missing"][data-system][data-install]').waitFor();
      await shot(p, `popup-helper-missing-${system}.${lang}.png`);
      if (system === 'linux') await shot(p, `popup-helper-missing.${lang}.png`);
      await p.close();
    }

    // History for the report: the fixtures as runs an hour apart, with one audit.
    const now = Date.now();
    const records = [...Array(12)].map((_, i) => {
      const r = fixture(PROBES[[0, 0, 1, 0, 0, 3, 0, 1, 1, 0, 3, 0][i]]);
      const jitter = (k) => ({ ...k, ms: Math.round(k.ms * (0.8 + ((i * 7 + k.port) % 5) / 10)) });
      return {
        kind: 'probe',
        at: now - (12 - i) * 3600_000,
        host: r.host,
        ms: r.ms,
        ok: r.results.every((x) => x.ok),
        credentialTested: false,
        results: r.results.map(jitter),
      };
    });
    records.push({
      kind: 'audit',
      at: now - 1800_000,
      audit: {
        at: now - 1800_000,
        pageState: 'available',
        accounts: [],
        findings: [
          { code: 'not-secure', severity: 'warn', account: 's1234567@mail.au.edu.tw' },
          { code: 'pop-retiring', severity: 'info' },
        ],
      },
    });
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(`chrome-extension://${s.extensionId}/report.html`);
    await page
      .getByTestId('m2k-report-import')
      .setInputFiles({ name: 'h.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(S.toExport(records))) });
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
        // The findings come with the background's answer; a page it does not judge has no findings section.
        if (st !== 'unknown' && st !== 'unreadable')
          await page.locator('[data-testid="m2k-findings"][data-judged="true"]').waitFor({ timeout: 10_000 });
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
      () =>
        document
          .querySelector('m2k-wizard-note')
          ?.shadowRoot?.querySelector('[data-testid="m2k-wizard-status"]')
          ?.getAttribute('data-state') === 'password',
      undefined,
      { timeout: 20_000 },
    );
    await shot(win, `wizard-pop.${lang}.png`);
  } catch (e) {
    console.warn(`wizard screenshot (${lang}) skipped: ${e.message.split('\n')[0]}`);
  } finally {
    await w.close();
  }

  // The forwarding assistant, from the Gmail panel to the webmail (served locally at its https name).
  let variant = { start: 'start.html', submenu: lang === 'en' ? 'submenu.en.html' : 'submenu.zh-TW.html', forward: 'forward.zh-TW.html' };
  const f = await S.F.launchForwarding(() => variant, { launch: { lang } });
  try {
    const note = (where, state) =>
      where.waitForFunction(
        (st) =>
          document
            .querySelector('m2k-forward-note')
            ?.shadowRoot?.querySelector('[data-testid="m2k-forward-status"]')
            ?.getAttribute('data-state') === st,
        state,
        { timeout: 20_000 },
      );
    const gmail = await S.F.openGmail(f.s);
    for (const [name, forward, state] of [
      ['filled', lang === 'en' ? 'forward.en.html' : 'forward.zh-TW.html', 'filled'],
      ['unknown', 'forward-unreadable.html', 'unknown'],
    ]) {
      variant = { ...variant, forward };
      const tab = await S.F.pressForward(f.s, gmail);
      await tab.setViewportSize({ width: 1100, height: 700 });
      await tab.waitForURL('**/cgi-bin/login', { timeout: 20_000 });
      await note(tab, 'login');
      if (name === 'filled') await shot(tab, `forward-login.${lang}.png`);
      await S.F.logIn(tab);
      const main = await S.F.frameAt(tab, 'main', '/cgi-bin/forward');
      await note(main, state);
      // The findings come with the background's answer.
      if (state === 'filled') await main.locator('[data-testid="m2k-forward-findings"]').waitFor({ timeout: 10_000 });
      await shot(tab, `forward-${name}.${lang}.png`);
      await tab.close();
    }
  } catch (e) {
    console.warn(`forwarding screenshots (${lang}) skipped: ${e.message.split('\n')[0]}`);
  } finally {
    await f.s.close();
  }
}

// Store screenshots: 1280×800, each one or two of the shots above on a plain page with a caption.
const CAPTIONS = {
  'zh-TW': [
    ['0-forward', ['forward-filled'], '在 Mail2000 網頁信箱自動填好「信件自動轉寄」，由你按下儲存'],
    ['1-check', ['popup-all-ok', 'popup-995-blocked'], '一鍵檢查 POP3、IMAP、SMTP 能否連線'],
    ['2-panel', ['panel-gone'], '在 Gmail 設定頁：將 Mail2000 信件轉寄到這個 Gmail'],
    ['3-wizard', ['wizard-pop'], '自動填好「新增郵件帳戶」，你只需輸入密碼'],
    ['4-report', ['report'], '檢查紀錄與報告，可匯出給資訊人員'],
    ['5-helper', ['popup-helper-missing-windows', 'popup-helper-missing-macos'], '下載一個檔案即可安裝連線輔助程式'],
  ],
  en: [
    ['0-forward', ['forward-filled'], 'Mail2000’s auto-forward filled in on the webmail: you press save'],
    ['1-check', ['popup-all-ok', 'popup-995-blocked'], 'Check POP3, IMAP and SMTP in one click'],
    ['2-panel', ['panel-gone'], 'On Gmail’s settings: Forward Mail2000 to this Gmail'],
    ['3-wizard', ['wizard-pop'], 'Gmail’s Add-a-mail-account window filled in: you type only the password'],
    ['4-report', ['report'], 'History and a report to share with IT staff'],
    ['5-helper', ['popup-helper-missing-windows', 'popup-helper-missing-macos'], 'The connection helper: one download, no other software'],
  ],
};
const store = await S.launchChromium({ lang: 'en' });
try {
  const page = await store.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const [lang, list] of Object.entries(CAPTIONS)) {
    for (const [name, shots, caption] of list) {
      const imgs = shots
        .map((n) => path.join(outDir, `${n}.${lang}.png`))
        .filter((f) => existsSync(f))
        .map((f) => `<img src="data:image/png;base64,${readFileSync(f).toString('base64')}">`);
      if (!imgs.length) continue;
      await page.setContent(`<!doctype html><meta charset="utf-8"><style>
        html,body{margin:0;width:1280px;height:800px;overflow:hidden;background:#eef3fb;font-family:'Noto Sans CJK TC','Noto Sans',sans-serif}
        h1{margin:0;padding:36px 48px 0;font-size:34px;color:#0d47a1;text-align:center}
        .row{display:flex;gap:40px;justify-content:center;align-items:flex-start;padding:28px 48px 0;height:660px}
        img{max-height:640px;max-width:${imgs.length > 1 ? 560 : 1180}px;object-fit:contain;object-position:top;box-shadow:0 4px 18px rgba(0,0,0,.18);border-radius:8px;background:#fff}
      </style><h1>${caption}</h1><div class="row">${imgs.join('')}</div>`);
      await page.screenshot({ path: path.join(outDir, `store-${name}.${lang}.png`), clip: { x: 0, y: 0, width: 1280, height: 800 } });
      console.log(`docs/screenshots/store-${name}.${lang}.png`);
    }
  }
} finally {
  await store.close();
}
rmSync(tmp, { recursive: true, force: true });
