// The organisation's settings in real Chromium: Chromium reads the example policy files of
// docs/deploy/ from /etc/chromium/policies/managed/ (laid over /etc for this browser alone, see
// tests/support/browsers/policy-root.ts), checks them against the built extension's managed_schema
// and hands them to storage.managed. Then:
// - the options page shows the policy's server, disabled, marked "set by your organization";
// - the Gmail panel audits with that server (its own accounts counted down, the old default site's
//   accounts offered as another school's), and the IMAP steps name it;
// - a policy with wrong values is used field by field, each wrong one listed on the options page;
// - a value of the wrong type makes Chromium drop the whole profile: the page says so;
// - a changed policy file reaches an open options page once Chromium reloads its policies.
// The install example (force-install from the Chrome Web Store) is read by a Chromium of its own,
// with only the harness's fixture extension loaded (a force-installed id cannot also run unpacked):
// chrome://policy must list it as valid. Nothing resolves (--host-resolver-rules), so Chromium never
// leaves the machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  REPO_ROOT,
  launchChromium,
  policyRoot,
  serveFakeGmail,
  type ChromiumSession,
  type PolicyRoot,
} from '../support/browsers';
import { EXAMPLE, readJson } from '../support/policies';
import { CHROME_EXTENSION_ID } from '@/contract/ids';
import { MAIL2000_HOST } from '@/contract/mail2000';

const SETTINGS = 'chromium/policies/managed/m2k-settings.json';
const INSTALL = 'chromium/policies/managed/m2k-install.json';
const NO_NETWORK = ['--host-resolver-rules=MAP * ~NOTFOUND'];
const id = (testId: string) => `[data-testid="${testId}"]`;
const EN = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string }>;

const example = readJson(EXAMPLE.chromeSettings) as { '3rdparty': { extensions: Record<string, { profile: { host: string } }> } };
const SCHOOL_HOST = example['3rdparty'].extensions[CHROME_EXTENSION_ID]!.profile.host;
const SCHOOL_DOMAIN = SCHOOL_HOST.replace(/^mail\./, '');

/** A Chromium policy file setting our extension's managed storage to `policy`. */
const policyFile = (policy: unknown) => JSON.stringify({ '3rdparty': { extensions: { [CHROME_EXTENSION_ID]: policy } } });

/** Accounts and Import, closed to new fetchers, with one fetch account at the policy's school (henry) and four on mail.au.edu.tw. */
const CLOSED = readFileSync('tests/fixtures/gmail/settings-closed-en.html', 'utf8').replace('henry@example.com', `henry@${SCHOOL_DOMAIN}`);

/** A Chromium that sees `files` under /etc, started before the block's tests and closed after them. */
function chromiumWith(files: Record<string, string>, extDir?: string): { s: ChromiumSession; root: PolicyRoot } {
  const b = {} as { s: ChromiumSession; root: PolicyRoot };
  beforeAll(async () => {
    b.root = policyRoot(CHROMIUM_PATH, files);
    b.s = await launchChromium({ executablePath: b.root.executable, args: NO_NETWORK, ...(extDir ? { extDir } : {}) });
  });
  afterAll(async () => {
    await b.s?.close();
    b.root?.remove();
  });
  return b;
}

async function openOptions(s: ChromiumSession): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/options.html`);
  await page.locator(id('m2k-opt-address')).waitFor();
  return page;
}

describe('Chromium with the example policy (docs/deploy/chrome-settings.json)', () => {
  const b = chromiumWith({ [SETTINGS]: readFileSync(EXAMPLE.chromeSettings, 'utf8') });
  beforeAll(async () => {
    await serveFakeGmail(b.s.context, { '/mail/u/0/': CLOSED });
  });

  it('the options page shows the policy’s server, disabled and marked as set by the organization', async () => {
    const page = await openOptions(b.s);
    const host = page.locator(id('m2k-opt-host'));
    expect(await host.inputValue()).toBe(SCHOOL_HOST);
    expect(await host.isDisabled()).toBe(true);
    const mark = page.locator(`${id('m2k-opt-managed-field')}[data-field="host"]`);
    expect(await mark.getAttribute('data-locked')).toBe('true');
    expect(await mark.innerText()).toBe('Set by your organization (locked).');
    expect(await page.locator(id('m2k-opt-managed')).innerText()).toContain('set by your organization and cannot be changed here');
    // Fields the policy does not set stay the person's.
    expect(await page.locator(id('m2k-opt-address')).isDisabled()).toBe(false);
    expect(await page.locator(id('m2k-opt-sendas')).isDisabled()).toBe(false);
    expect(await page.locator(id('m2k-opt-keepcopy')).isDisabled()).toBe(true);
    // Nothing to find when the organisation fixes the server.
    expect(await page.locator(id('m2k-find-locked')).innerText()).toContain(SCHOOL_HOST);
    expect(await page.locator(id('m2k-find-run')).count()).toBe(0);
    expect(await page.locator(id('m2k-opt-policy-problems')).count()).toBe(0);
  });

  it('saving the form keeps the policy’s values; the person’s own fields are saved', async () => {
    const page = await openOptions(b.s);
    await page.locator(id('m2k-opt-address')).fill(`amy@${SCHOOL_DOMAIN}`);
    await page.locator(id('m2k-opt-save')).click();
    await page.locator(id('m2k-opt-saved')).waitFor();
    await page.reload();
    await page.locator(id('m2k-opt-address')).waitFor();
    expect(await page.locator(id('m2k-opt-address')).inputValue()).toBe(`amy@${SCHOOL_DOMAIN}`);
    expect(await page.locator(id('m2k-opt-host')).inputValue()).toBe(SCHOOL_HOST);
  });

  it('the Gmail panel audits with the policy’s server', async () => {
    const page = await b.s.context.newPage();
    await page.goto('https://mail.google.com/mail/u/0/#settings/accounts');
    const panel = page.locator('[data-testid="m2k-panel"]');
    await panel.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="m2k-findings"][data-judged="true"]').waitFor({ timeout: 15_000 });
    // The school's account is the Mail2000 one now; mail.au.edu.tw is another known site.
    expect(await page.locator(id('m2k-countdown')).allInnerTexts()).toEqual([expect.stringContaining(`henry@${SCHOOL_DOMAIN}`)]);
    expect(await page.locator(id('m2k-alt-imap')).innerText()).toContain(SCHOOL_HOST);
    const offers = await page
      .locator(id('m2k-offer'))
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-account'), e.getAttribute('data-host')]));
    expect(offers).toContainEqual(['emma@mail.au.edu.tw', MAIL2000_HOST]);
  });
});

describe('Chromium with a policy holding wrong values', () => {
  const b = chromiumWith({
    [SETTINGS]: policyFile({
      profile: { host: 'not a host!', popPort: 143, labelName: '', keepCopy: false, ports: { pop3s: 70000, imaps: 10993 } },
      lockProfile: true,
    }),
  });

  it('uses each right value, ignores each wrong one alone and lists it', async () => {
    const page = await openOptions(b.s);
    const problems = page.locator(id('m2k-opt-policy-problem'));
    await problems.first().waitFor();
    expect(await problems.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')).sort())).toEqual([
      'profile.host',
      'profile.labelName',
      'profile.popPort',
      'profile.ports.pop3s',
    ]);
    expect(await page.locator(`${id('m2k-opt-policy-problem')}[data-path="profile.popPort"]`).innerText()).toBe(
      `${EN.opt_pop_port!.message} (profile.popPort): 143 is not an allowed value, so it was ignored.`,
    );
    // The wrong ones leave the person's (here the default) values, editable.
    expect(await page.locator(id('m2k-opt-host')).inputValue()).toBe(MAIL2000_HOST);
    expect(await page.locator(id('m2k-opt-host')).isDisabled()).toBe(false);
    expect(await page.locator(id('m2k-opt-port')).inputValue()).toBe('995');
    expect(await page.locator(id('m2k-opt-port-pop3s')).inputValue()).toBe('995');
    // The right ones apply, locked.
    expect(await page.locator(id('m2k-opt-keepcopy')).isChecked()).toBe(false);
    expect(await page.locator(id('m2k-opt-keepcopy')).isDisabled()).toBe(true);
    expect(await page.locator(id('m2k-opt-port-imaps')).inputValue()).toBe('10993');
    expect(await page.locator(id('m2k-opt-port-imaps')).isDisabled()).toBe(true);
  });

  it('a value of the wrong type: Chromium drops the whole profile, and the page says where to look', async () => {
    b.root.set(SETTINGS, policyFile({ profile: { host: 'mail.school.test', popPort: '995' }, lockProfile: true }));
    const policyPage = await b.s.context.newPage();
    await policyPage.goto('chrome://policy');
    await reloadPolicies(policyPage);
    const page = await openOptions(b.s);
    await page.locator(id('m2k-opt-policy-empty')).waitFor();
    expect(await page.locator(id('m2k-opt-policy-empty')).innerText()).toContain('chrome://policy');
    expect(await page.locator(id('m2k-opt-host')).inputValue()).toBe(MAIL2000_HOST);
  });

  it('an open options page follows a policy change', async () => {
    const page = await openOptions(b.s);
    b.root.set(SETTINGS, policyFile({ profile: { host: 'mail.school.test' }, lockProfile: true }));
    const policyPage = await b.s.context.newPage();
    await policyPage.goto('chrome://policy');
    await reloadPolicies(policyPage);
    const host = page.locator(`${id('m2k-opt-host')}[disabled]`);
    await host.waitFor({ state: 'attached', timeout: 15_000 });
    expect(await host.inputValue()).toBe('mail.school.test');
    expect(await page.locator(id('m2k-opt-policy-problems')).count()).toBe(0);
  });
});

describe('Chromium reads the install example (docs/deploy/chrome-install.json)', () => {
  // Only the harness's fixture extension: a force-installed id cannot also run unpacked.
  const b = chromiumWith({ [INSTALL]: readFileSync(EXAMPLE.chromeInstall, 'utf8') }, `${REPO_ROOT}/tests/support/browsers/fixture-ext`);

  it('chrome://policy lists ExtensionSettings for our extension id, status OK', async () => {
    const page = await b.s.context.newPage();
    await page.goto('chrome://policy');
    const row = await policyRowText(page, 'ExtensionSettings');
    expect(row).toContain(`"${CHROME_EXTENSION_ID}":{"installation_mode":"force_installed"`);
    expect(row).toMatch(/Status OK/);
  });
});

/** The text of chrome://policy's row for one policy (the page renders rows in shadow roots as they load). */
async function policyRowText(page: Page, name: string): Promise<string> {
  const handle = await page.waitForFunction((n) => {
    const walk = (node: Node): string =>
      Array.from(node.childNodes)
        .map((c) =>
          c.nodeType === Node.TEXT_NODE ? c.textContent : ((c as Element).shadowRoot ? walk((c as Element).shadowRoot!) : '') + walk(c),
        )
        .join('');
    const text = walk(document.body).replace(/\s+/g, ' ');
    const at = text.indexOf(` ${n} {`);
    if (at < 0) return false;
    const end = text.indexOf('Error Warning Info', at);
    return end < 0 ? false : text.slice(at, end);
  }, name);
  return (await handle.jsonValue()) as string;
}

/** chrome://policy's "Reload policies": Chromium reads the policy files again now instead of within minutes. */
async function reloadPolicies(page: Page): Promise<void> {
  await page.evaluate(() => {
    const find = (root: Document | ShadowRoot): HTMLElement | undefined => {
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
        if (el.id === 'reload-policies') return el;
        const inner = el.shadowRoot && find(el.shadowRoot);
        if (inner) return inner;
      }
      return undefined;
    };
    const button = find(document);
    if (!button) throw new Error('chrome://policy has no reload button');
    button.click();
  });
}
