// Firefox ESR: a discovery through the background's discover-run port and the REAL companion
// program registered by its own `install --browser firefox` under a temporary HOME, against the
// made-up school.test on loopback (DNS server named to the helper through M2K_PROBE_DNS in the
// browser's environment). The driver cannot open moz-extension:// pages, so, as in
// firefox-native.test.ts, the panel on the Gmail fixture opens the connection check in a tab, and
// the test talks to the background from that extension page, as the options page does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from '../support/browsers';
import { pressPanelButton } from '../support/browsers/firefox-panel';
import { startSchoolSites, type SchoolSites } from '../support/discovery/sites';
import { waitFor } from '../support/poll';
import { readFixture } from '../support/gmail/fixtures';
import { allowSpec, helperCli } from '../support/browsers/companion';

const SETTINGS = readFixture('settings-available-en.html');
let sites: SchoolSites;
let ff: FirefoxSession;

beforeAll(async () => {
  sites = await startSchoolSites();
  ff = await launchFirefox({
    routes: { '/mail/*': SETTINGS },
    home: true,
    env: { NODE_EXTRA_CA_CERTS: sites.certs.caCert, M2K_PROBE_DNS: sites.dnsServer, M2K_PROBE_ALLOW_LOOPBACK: '1' },
  });
  helperCli(ff.home!, ['install', '--browser', 'firefox', '--allow', allowSpec('school.test', Object.values(sites.ports))]);
}, 180_000);
afterAll(async () => {
  await ff?.close();
  await sites?.stop();
});

describe('Firefox: discovery through the background and the native host', () => {
  it('streams candidates and results, then the report that picks mail.school.test', async () => {
    const gmail = await ff.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#settings/accounts');
    const before = new Set(await ff.browser.pages());
    await pressPanelButton(gmail, 'm2k-panel-probe');
    const page = (await waitFor(
      'an extension page',
      async () => {
        for (const p of await ff.browser.pages())
          if (!before.has(p) && (await p.evaluate(() => location.protocol).catch(() => '')) === 'moz-extension:') return p;
        return undefined;
      },
      (p) => p !== undefined,
      30_000,
    )) as Page;
    const messages = (await page.evaluate(
      (ports) =>
        new Promise<unknown[]>((resolve) => {
          const got: unknown[] = [];
          const rt = (
            globalThis as unknown as {
              browser: {
                runtime: {
                  connect(i: { name: string }): {
                    postMessage(m: unknown): void;
                    onMessage: { addListener(cb: (m: unknown) => void): void };
                    onDisconnect: { addListener(cb: () => void): void };
                  };
                };
              };
            }
          ).browser.runtime;
          const port = rt.connect({ name: 'discover-run' });
          port.onMessage.addListener((m) => got.push(m));
          port.onDisconnect.addListener(() => resolve(got));
          port.postMessage({ type: 'start', domain: 'school.test', ports, timeoutMs: 4000 });
        }),
      sites.ports,
    )) as { type: string; host?: string; report?: { best?: string; choices: { host: string; reasons: { code: string }[] }[] } }[];
    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('started');
    expect(types[1]).toBe('candidates');
    expect(types.filter((t) => t === 'candidate-result')).toHaveLength(4 * 7);
    const last = messages.at(-1)!;
    expect(last.type).toBe('discovered');
    expect(last.report!.best).toBe('mail.school.test');
    // STLS on 110 counts for nothing in Gmail's choice: the Mail2000-like site is above the STLS one.
    expect(last.report!.choices.map((c) => c.host)).toEqual(['mail.school.test', 'webmail.school.test', 'pop.school.test']);
    expect(last.report!.choices[0]!.reasons.map((r) => r.code)).toEqual(['tls-implicit', 'cert-ok', 'uidl', 'own-domain', 'services']);
  }, 90_000);
});
