// The popup end to end in real Chromium with the built extension, the REAL companion program
// installed into the test profile by its own `install` command, and real Dovecot + Postfix on
// loopback. The throw-away CA is trusted through NODE_EXTRA_CA_CERTS in the browser's environment,
// which the native host inherits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, tempDir, type ChromiumSession } from '../support/browsers';
import { startDovecot, startMailStack, TEST_USERS, type MailStack, type RunningDovecot } from '../support/mail-servers';
import { allowSpec, installHelper, runProbe, setProfile, uninstallHelper } from '../support/browsers/companion';

const HOST = '127.0.0.1';
const WRONG = 'Wrong-Pass-987!';
let stack: MailStack;
let expired: RunningDovecot;
let s: ChromiumSession;
let home: string;
let profileDir: string;
let page: Page;
let popupUrl: string;

// Ready once the profile is read: the run button is enabled then. Until that moment the login
// test's section is rendered for the default user name, and replaced (closed, emptied) when the
// profile's arrives, which under load is long enough for a test to have opened and filled it.
const openPopup = async () => {
  await page.goto(popupUrl);
  await page.locator('[data-testid="m2k-probe-run"]:enabled').waitFor();
};

beforeAll(async () => {
  stack = await startMailStack();
  expired = await startDovecot({ cert: stack.certs.expired });
  home = tempDir('home-');
  profileDir = tempDir('chromium-nm-');
  const ports = [...Object.values(stack.ports), expired.ports.pop3s, expired.ports.imaps];
  installHelper(home, profileDir, allowSpec(HOST, ports));
  s = await launchChromium({ userDataDir: profileDir, lang: 'en', env: { NODE_EXTRA_CA_CERTS: stack.certs.caCert, HOME: home } });
  popupUrl = `chrome-extension://${s.extensionId}/popup.html`;
  page = await s.context.newPage();
  await page.goto(popupUrl);
  await setProfile(page, { address: 'alice@mail.au.edu.tw', username: TEST_USERS.plain.user, host: HOST, ports: stack.ports });
}, 180_000);

afterAll(async () => {
  await s?.close();
  await Promise.allSettled([stack?.stop(), expired?.stop()]);
  for (const d of [home, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('popup with the real helper and real mail servers', () => {
  it('every row ends ok, and the verdict says Gmail can fetch on the SSL port', async () => {
    await openPopup();
    const statuses = await runProbe(page);
    expect(statuses).toEqual({ pop3: 'ok', pop3s: 'ok', imap: 'ok', imaps: 'ok', smtp: 'ok', smtps: 'ok', submission: 'ok' });
    const verdict = page.getByTestId('m2k-verdict');
    expect(await verdict.getAttribute('data-level')).toBe('ok');
    expect(await verdict.textContent()).toBe(`Gmail can fetch your mail on ${stack.ports.pop3s} with SSL.`);
  });

  it('a row opens from the keyboard to its stages, certificate and capabilities', async () => {
    const head = page.locator('[data-testid="m2k-port-row"][data-service="pop3s"] button');
    await head.focus();
    await page.keyboard.press('Enter');
    expect(await head.getAttribute('aria-expanded')).toBe('true');
    const row = page.locator('[data-testid="m2k-port-row"][data-service="pop3s"]');
    const stages = await row
      .locator('[data-testid="m2k-stage"]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-stage'), e.getAttribute('data-ok')]));
    expect(stages.map(([n]) => n)).toEqual(expect.arrayContaining(['dns', 'tcp', 'tls', 'greeting', 'capabilities']));
    expect(stages.every(([, ok]) => ok === 'true')).toBe(true);
    expect(Number(await row.getByTestId('m2k-cert-days').textContent())).toBeGreaterThan(30);
    expect(await row.textContent()).toContain('UIDL');
    await page.keyboard.press('Enter');
    expect(await head.getAttribute('aria-expanded')).toBe('false');
  });

  it('the credential test with the right password: accepted, and the field is cleared', async () => {
    await openPopup();
    await page.locator('.m2k-cred summary').click();
    await page.getByTestId('m2k-cred-password').fill(TEST_USERS.plain.password);
    await page.getByTestId('m2k-cred-test').click();
    expect(await page.getByTestId('m2k-cred-password').inputValue()).toBe('');
    const res = page.getByTestId('m2k-cred-result');
    await res.waitFor({ timeout: 60_000 });
    expect(await res.getAttribute('data-outcome')).toBe('accepted');
    expect(await page.getByTestId('m2k-verdict').textContent()).toContain('Password accepted.');
  });

  it('the credential test with a wrong password: refused, with the Mail2000 advice', async () => {
    await openPopup();
    await page.locator('.m2k-cred summary').click();
    await page.getByTestId('m2k-cred-password').fill(WRONG);
    await page.getByTestId('m2k-cred-test').click();
    const res = page.getByTestId('m2k-cred-result');
    await res.waitFor({ timeout: 60_000 });
    expect(await res.getAttribute('data-outcome')).toBe('rejected');
    expect(await res.textContent()).toMatch(/separate from the school SSO password.*POP3 and IMAP4 on/);
    expect(await page.getByTestId('m2k-cred-password').inputValue()).toBe('');
  });

  it('an expired certificate fails with the days since it expired', async () => {
    await setProfile(page, {
      username: TEST_USERS.plain.user,
      host: HOST,
      ports: { ...stack.ports, pop3s: expired.ports.pop3s, imaps: expired.ports.imaps },
    });
    await openPopup();
    const statuses = await runProbe(page);
    expect(statuses.pop3s).toBe('fail');
    expect(statuses.imaps).toBe('fail');
    expect(statuses.pop3).toBe('ok');
    const row = page.locator('[data-testid="m2k-port-row"][data-service="pop3s"]');
    await row.locator('button').click();
    expect(await row.getByTestId('m2k-hint').getAttribute('data-code')).toBe('CERT_HAS_EXPIRED');
    const days = Number(await row.getByTestId('m2k-cert-days').textContent());
    expect(days).toBeLessThan(-300); // the test certificate ended on 2020-02-01
    const verdict = await page.getByTestId('m2k-verdict').textContent();
    expect(verdict).toMatch(new RegExp(`certificate on port ${expired.ports.pop3s} expired ${Math.abs(days)} days ago`));
    expect(verdict).toContain('works but sends your password unencrypted');
    await setProfile(page, { username: TEST_USERS.plain.user, host: HOST, ports: stack.ports });
  });

  it('a stopped server shows fail with the "refused" hint', async () => {
    await stack.postfix.stop();
    await openPopup();
    const statuses = await runProbe(page);
    expect([statuses.smtp, statuses.smtps, statuses.submission]).toEqual(['fail', 'fail', 'fail']);
    expect(statuses.pop3s).toBe('ok');
    const row = page.locator('[data-testid="m2k-port-row"][data-service="smtps"]');
    await row.locator('button').click();
    expect(await row.getByTestId('m2k-hint').getAttribute('data-code')).toBe('ECONNREFUSED');
    expect(await row.locator('[data-testid="m2k-stage"][data-stage="tcp"]').getAttribute('data-ok')).toBe('false');
  });

  it('no password anywhere: storage areas, IndexedDB history, the helper files', async () => {
    const secrets = [TEST_USERS.plain.password, WRONG];
    await openPopup();
    const dump = await page.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { storage: Record<'local' | 'sync' | 'session', { get(k: null): Promise<unknown> }> } })
        .chrome;
      const areas = await Promise.all([c.storage.local.get(null), c.storage.sync.get(null), c.storage.session.get(null)]);
      const dbs = await indexedDB.databases();
      const idb: unknown[] = [];
      for (const info of dbs) {
        const db = await new Promise<IDBDatabase>((res, rej) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        for (const store of db.objectStoreNames) {
          idb.push(
            await new Promise((res) => {
              const g = db.transaction(store).objectStore(store).getAll();
              g.onsuccess = () => res(g.result);
            }),
          );
        }
        db.close();
      }
      return { areas, idb, dbs: dbs.map((d) => d.name) };
    });
    expect(dump.dbs).toContain('m2k-history');
    const text = JSON.stringify(dump);
    // The history holds the runs made above, with the login outcomes, but never the password.
    expect(text).toContain('"auth":"accepted"');
    expect(text).toContain('"auth":"rejected"');
    for (const secret of secrets) expect(text).not.toContain(secret);
    // Every file the helper wrote (launcher, bundle, config, install record) and the profile's native host folder.
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
    const files = [...walk(home), ...walk(join(profileDir, 'NativeMessagingHosts'))];
    expect(files.some((f) => f.endsWith('tw.m2k.probe.json'))).toBe(true);
    for (const f of files) {
      const content = readFileSync(f, 'latin1');
      for (const secret of secrets) expect(content.includes(Buffer.from(secret).toString('latin1')), f).toBe(false);
    }
  });
  it('with the helper uninstalled the popup shows the missing state, not a spinner', async () => {
    uninstallHelper(home);
    expect(existsSync(join(profileDir, 'NativeMessagingHosts', 'tw.m2k.probe.json'))).toBe(false);
    await openPopup();
    await runProbe(page);
    const missing = page.getByTestId('m2k-helper-missing');
    expect(await missing.getAttribute('data-reason')).toBe('not-installed');
    // A server other than the Mail2000 default needs --allow: loaded unpacked (a checkout), the
    // checkout's program with it (install-states.test.ts: a store install names the downloaded file).
    await page.locator('[data-testid="m2k-helper-missing"][data-system][data-install]').waitFor();
    expect(await page.getByTestId('m2k-install-command').textContent()).toBe(
      `node dist/helper/m2k-probe.cjs install --browser chromium --allow ${HOST}:${Object.values(stack.ports)
        .sort((a, b) => a - b)
        .join('+')}`,
    );
  });
});
