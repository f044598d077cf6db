// The panel in real Chromium with the built extension on Accounts and Import pages built in five
// structures (tests/support/gmail/accounts-pages.ts), en and zh-TW: the state and the accounts it
// reads, "unreadable" said as such, and "check again" pressing Gmail's own "Check mail now".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, serveFakeGmail, type ChromiumSession } from '../support/browsers';
import { accountsPage, specName, STRUCTURES, type AccountsPageSpec } from '../support/gmail/accounts-pages';

const PANEL = '[data-testid="m2k-panel"]';

const SPECS: AccountsPageSpec[] = STRUCTURES.flatMap((structure) => [
  { structure, lang: 'en', accounts: 3, state: 'available' } as const,
  { structure, lang: 'zh-TW', accounts: 1, state: 'closed' } as const,
]);

/** Gmail rewriting a row once its "Check mail now" was pressed: the error is gone after the check. */
const CHECK_SCRIPT = `<script>
document.addEventListener('click', function (e) {
  var t = e.target;
  if (!t || t.textContent !== '立即檢查郵件') return;
  var status = t.parentElement;
  if (status.parentElement.textContent.indexOf('b2@mail.au.edu.tw') < 0) return;
  setTimeout(function () { status.firstChild.textContent = '上次檢查時間：剛剛。未擷取任何郵件。 '; }, 300);
});
</script>`;

const UNREADABLE = accountsPage({ structure: 'grid', lang: 'en', accounts: 0, state: 'available' }).replace(
  '<span>Add a mail account</span>',
  '<span>Connect a mailbox</span>',
);
const CHECK_AGAIN = accountsPage({ structure: 'nested', lang: 'zh-TW', accounts: 3, state: 'available' })
  .replaceAll('bob.chen@example.org', 'b2@mail.au.edu.tw')
  .replace('</body>', `${CHECK_SCRIPT}</body>`);

const routes: Record<string, string> = Object.fromEntries(SPECS.map((spec, i) => [`/mail/u/${i}/`, accountsPage(spec)]));
routes['/mail/u/90/'] = UNREADABLE;
routes['/mail/u/91/'] = CHECK_AGAIN;
const urlOf = (n: number) => `https://mail.google.com/mail/u/${n}/#settings/accounts`;

describe('the panel on pages built in five structures (Chromium)', () => {
  let s: ChromiumSession;
  let page: Page;
  beforeAll(async () => {
    s = await launchChromium({ lang: 'en' });
    await serveFakeGmail(s.context, routes);
    page = await s.context.newPage();
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each(SPECS.map((spec, i) => [specName(spec), spec, i] as const))('%s', async (_name, spec, i) => {
    await page.goto(urlOf(i));
    const panel = page.locator(PANEL);
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.getAttribute('data-state')).toBe(spec.state);
    // The panel sits outside the heading's own cell ("Learn more" stays Gmail's).
    const inHeadingCell = await page.evaluate(() => {
      const host = document.querySelector('[data-m2k-panel-host]')!;
      const learn = Array.from(document.querySelectorAll('a')).find((a) => /Learn more|瞭解詳情/.test(a.textContent ?? ''))!;
      return host.parentElement!.contains(learn);
    });
    expect(inHeadingCell).toBe(false);
  });

  it('a row it cannot read: says so, no state it did not see, the settings by hand', async () => {
    await page.goto(urlOf(90));
    const panel = page.locator(PANEL);
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.getAttribute('data-state')).toBe('unreadable');
    expect(await page.locator('[data-testid="m2k-manual-row"]').count()).toBe(6);
    expect(await page.locator('[data-testid="m2k-findings"]').count()).toBe(0);
    expect(await page.locator('[data-testid="m2k-copy-structure"]').count()).toBe(1);
  });

  it('"check again" presses Gmail\'s "Check mail now" and reports "fixed" once the row changes', async () => {
    await page.goto(urlOf(91));
    const again = page.locator('[data-testid="m2k-check-again"]');
    await again.first().waitFor({ timeout: 10_000 });
    expect(await again.evaluateAll((els) => els.map((e) => e.getAttribute('data-account')))).toEqual(['b2@mail.au.edu.tw']);
    // A click from the page's own script does nothing.
    await page.evaluate(() =>
      document
        .querySelector('[data-m2k-panel-host]')!
        .shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="m2k-check-again"]')!
        .click(),
    );
    await page.waitForTimeout(800);
    expect(await page.locator('[data-testid="m2k-check-result"]').count()).toBe(0);
    await again.first().click();
    const result = page.locator('[data-testid="m2k-check-result"]');
    await expect.poll(() => result.getAttribute('data-check'), { timeout: 10_000 }).toBe('fixed');
    // Counted once the background has judged the changed row.
    await page.locator('[data-testid="m2k-findings"][data-judged="true"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="m2k-finding"][data-code="auth-denied"]').count()).toBe(0);
  });
});
