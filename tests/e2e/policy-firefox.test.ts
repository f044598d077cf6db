// The organisation's settings in Debian's firefox-esr: Firefox reads docs/deploy/firefox-policies.json
// from /etc/firefox/policies/policies.json (laid over /etc for this browser alone, see
// tests/support/browsers/policy-root.ts) and hands `3rdparty` › `Extensions` › our add-on id to
// storage.managed. Firefox checks nothing against a schema, so every wrong value, of any type,
// reaches the extension, which uses the right ones and ignores the rest field by field.
// Firefox's moz-extension:// pages cannot be driven here (tests/support/browsers/README.md): the
// options page is tested in Chromium (policy-chromium.test.ts); here the Gmail panel shows what
// the background made of the policy. The example's force-install from addons.mozilla.org goes
// nowhere: the harness's proxy refuses every host but the fake Gmail.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { FIREFOX_PATH, launchFirefox, policyRoot, type FirefoxSession, type PolicyRoot } from '../support/browsers';
import { EXAMPLE, readJson } from '../support/policies';
import { waitFor } from '../support/poll';
import { GECKO_ID } from '@/contract/ids';
import { MAIL2000_HOST } from '@/contract/mail2000';

const POLICIES = 'firefox/policies/policies.json';
const example = readJson(EXAMPLE.firefox) as { policies: { '3rdparty': { Extensions: Record<string, { profile: { host: string } }> } } };
const SCHOOL_HOST = example.policies['3rdparty'].Extensions[GECKO_ID]!.profile.host;
const SCHOOL_DOMAIN = SCHOOL_HOST.replace(/^mail\./, '');

/** Accounts and Import, closed to new fetchers: henry's account at the policy's school, four on mail.au.edu.tw. */
const CLOSED = readFileSync('tests/fixtures/gmail/settings-closed-en.html', 'utf8').replace('henry@example.com', `henry@${SCHOOL_DOMAIN}`);

/** What the panel shows, read through its open shadow root once the background has judged the page. */
const readPanel = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-m2k-panel-host]')?.shadowRoot;
    if (!root?.querySelector('[data-testid="m2k-findings"][data-judged="true"]')) return null;
    const all = (sel: string) => Array.from(root.querySelectorAll(sel));
    return {
      countdowns: all('[data-testid="m2k-countdown"]').map((e) => e.textContent ?? ''),
      imap: root.querySelector('[data-testid="m2k-alt-imap"]')?.textContent ?? '',
      codes: all('[data-testid="m2k-finding"]').map((e) => e.getAttribute('data-code')),
      offers: all('[data-testid="m2k-offer"]').map((e) => e.getAttribute('data-host')),
    };
  });

/** Every Firefox a test started, with its policy folder: closed and removed after the file's tests. */
const opened: { ff?: FirefoxSession; root: PolicyRoot }[] = [];
afterAll(async () => {
  for (const o of opened) {
    await o.ff?.close();
    o.root.remove();
  }
});

/** Firefox reading `policies` from /etc/firefox/policies, on the fake Accounts and Import page: what its panel shows once judged. */
async function panelWith(policies: string): Promise<NonNullable<Awaited<ReturnType<typeof readPanel>>>> {
  const o: (typeof opened)[number] = { root: policyRoot(FIREFOX_PATH, { [POLICIES]: policies }) };
  opened.push(o);
  const ff = (o.ff = await launchFirefox({ executablePath: o.root.executable, routes: { '/mail/u/0/': CLOSED } }));
  const page = await ff.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#settings/accounts', { timeout: 30_000 });
  return (await waitFor(
    'the judged panel',
    () => readPanel(page),
    (p) => p !== null,
    30_000,
  ))!;
}

describe('Firefox with the example policies.json (docs/deploy/firefox-policies.json)', () => {
  it('the Gmail panel audits with the policy’s server', async () => {
    const panel = await panelWith(readFileSync(EXAMPLE.firefox, 'utf8'));
    expect(panel.countdowns).toEqual([expect.stringContaining(`henry@${SCHOOL_DOMAIN}`)]);
    expect(panel.imap).toContain(SCHOOL_HOST);
    expect(panel.offers).toContain(MAIL2000_HOST);
  }, 120_000);
});

describe('Firefox with a policies.json holding wrong values', () => {
  it('uses the right values and ignores each wrong one alone (a wrong type included)', async () => {
    const policies = {
      policies: {
        '3rdparty': {
          Extensions: {
            [GECKO_ID]: { profile: { host: 'not a host!', keepCopy: 'no', popPort: 110, label: false, colour: 'red' }, lockProfile: 'yes' },
          },
        },
      },
    };
    const panel = await panelWith(JSON.stringify(policies));
    // The host was wrong: mail.au.edu.tw stays, so its four accounts are the Mail2000 ones.
    expect(panel.imap).toContain(MAIL2000_HOST);
    expect(panel.countdowns).toHaveLength(4);
    // popPort 110 and label false were right: the audit judges with them.
    expect(panel.codes).toEqual(expect.arrayContaining(['not-secure', 'no-label']));
    // keepCopy "no" was not a boolean: the default (keep a copy) stays.
    expect(panel.codes).not.toContain('no-keep-copy');
  }, 120_000);
});
