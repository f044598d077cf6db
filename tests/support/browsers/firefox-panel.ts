/**
 * Reading and pressing what the extension draws inside a shadow root on a page in Firefox, where
 * puppeteer over WebDriver BiDi has no auto-waiting locator. The panel's host is
 * `[data-m2k-panel-host]`; the wizard and the assistant draw their notes in elements of their own.
 */
import type { Page } from 'puppeteer-core';
import { waitFor } from '../poll';

export const PANEL_HOST = '[data-m2k-panel-host]';

/** `attr` of the element with `testid` inside `host`'s shadow root, or null while either is missing. */
export const shadowAttribute = (page: Page, host: string, testid: string, attr: string): Promise<string | null> =>
  page.evaluate(
    (h, id, a) => document.querySelector(h)?.shadowRoot?.querySelector(`[data-testid="${id}"]`)?.getAttribute(a) ?? null,
    host,
    testid,
    attr,
  );

/**
 * Presses a button of the Gmail panel the way a person does: once the panel has its findings. Until
 * the background has judged the page, the findings section is short; when they arrive it grows and
 * moves every button below it. Puppeteer computes the click's point first and then clicks there, so
 * a press during that change lands on a finding instead (seen under load).
 */
export async function pressPanelButton(gmail: Page, testid: string): Promise<void> {
  await waitFor(
    'the panel’s findings',
    () => shadowAttribute(gmail, PANEL_HOST, 'm2k-findings', 'data-judged'),
    (judged) => judged === 'true',
  );
  const button = await gmail.waitForSelector(`>>> [data-testid="${testid}"]`, { timeout: 20_000 });
  await button!.click();
}
