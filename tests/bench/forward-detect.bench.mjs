#!/usr/bin/env node
// The Gmail side of the forwarding test in Debian's Chromium with the built extension
// (${M2K_OUT ?? '.output'}/chrome-mv3; run `npm run build` first): Gmail's settings page (the
// fixture) with the panel, and a stand-in inbox feed at https://mail.google.com/mail/u/0/feed/atom
// (tests/support/gmail/atom-feed.ts) that starts to list the test message at a random moment.
//   forward.detect_lag_ms         the longest, over ROUNDS, from the message appearing in the feed
//                                 to the Gmail tab reporting it to the extension (`forward-test:seen`,
//                                 heard by an extension page as the background hears it);
//                                 goal <= forward.detect_goal_ms
//   forward.detect_lag_median_ms  the median of the same
//   forward.poll_interval_ms      the interval between the tab's looks at the feed, as observed
//   forward.detect_goal_ms        one poll interval + 500 ms
// The watch is started as the background starts it (tabs.sendMessage to the Gmail tab, here from
// an extension page), so no helper or mail server is needed; the whole chain with them is
// tests/e2e/forward-test.test.ts.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from '../support/bundles/import-ts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = 5;
mkdirSync(path.join(root, 'tests/.tmp'), { recursive: true });
const tmp = mkdtempSync(path.join(root, 'tests/.tmp/bench-detect-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A raw message as the Gmail side's mailbox holds it. */
const raw = (subject) => `From: alice@school.test\r\nTo: alice@school.test\r\nSubject: ${subject}\r\n\r\nThis is a test.\r\n`;

try {
  const drivers = { external: ['playwright-core', 'puppeteer-core'] };
  const { launchChromium, serveFakeGmail } = await importTs('tests/support/browsers/index.ts', tmp, drivers);
  const { gmailSettingsPage, SETTINGS_URL } = await importTs('tests/support/mail2000/chromium.ts', tmp, drivers);
  const { atomFeedOf } = await importTs('tests/support/gmail/atom-feed.ts', tmp);
  const { testSubject, TOKEN_ALPHABET, TOKEN_LENGTH } = await importTs('contract/send-test-rules.ts', tmp);
  const newToken = () =>
    Array.from({ length: TOKEN_LENGTH }, () => TOKEN_ALPHABET[Math.floor(Math.random() * TOKEN_ALPHABET.length)]).join('');
  const s = await launchChromium({ lang: 'en' });
  try {
    const inbox = [raw('Lunch on Friday'), raw('Minutes of the staff meeting')];
    let shown = null;
    const looks = [];
    await serveFakeGmail(s.context, {
      '/mail/u/0/': gmailSettingsPage(),
      '/mail/u/0/feed/atom': () => {
        looks.push(Date.now());
        return { contentType: 'application/atom+xml; charset=utf-8', body: atomFeedOf(shown ? [...inbox, shown] : inbox) };
      },
    });
    const gmail = await s.context.newPage();
    await gmail.goto(SETTINGS_URL);
    await gmail.getByTestId('m2k-forward-test-start').waitFor({ timeout: 20_000 });
    const ext = await s.context.newPage();
    await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
    await ext.evaluate(() => {
      window.__arrived = {};
      chrome.runtime.onMessage.addListener((m) => {
        if (m?.type === 'forward-test:seen' && m.state === 'arrived') window.__arrived[m.token] = Date.now();
      });
    });
    const tabId = await ext.evaluate(async () => (await chrome.tabs.query({ url: 'https://mail.google.com/*' }))[0].id);
    const lags = [];
    const gaps = [];
    for (let i = 0; i < ROUNDS; i++) {
      const token = newToken();
      shown = null;
      looks.length = 0;
      await ext.evaluate(([tab, t]) => chrome.tabs.sendMessage(tab, { type: 'm2k:feed-watch', token: t }), [tabId, token]);
      // The message lands at a random moment between two looks (the product's interval is 5 s).
      await sleep(300 + Math.random() * 5_000);
      const appeared = Date.now();
      shown = raw(testSubject(token));
      await ext.waitForFunction((t) => window.__arrived[t] !== undefined, token, { timeout: 20_000, polling: 10 });
      lags.push((await ext.evaluate((t) => window.__arrived[t], token)) - appeared);
      for (let j = 1; j < looks.length; j++) gaps.push(looks[j] - looks[j - 1]);
    }
    const interval = median(gaps);
    console.log(`# detect lags: ${lags.join(' ')}`);
    console.log(`forward.detect_lag_ms: ${Math.max(...lags)}`);
    console.log(`forward.detect_lag_median_ms: ${median(lags)}`);
    console.log(`forward.poll_interval_ms: ${interval}`);
    console.log(`forward.detect_goal_ms: ${interval + 500}`);
  } finally {
    await s.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
