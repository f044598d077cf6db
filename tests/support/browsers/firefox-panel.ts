/**
 * Presses a button of the Gmail panel in Firefox the way a person does: once the panel has its
 * findings. Until the background has judged the page, the findings section is short; when they
 * arrive it grows and moves every button below it. Puppeteer computes the click's point first and
 * then clicks there, so a press during that change lands on a finding instead (seen under load).
 */
import type { Page } from 'puppeteer-core';
import { waitFor } from '../poll';

export async function pressPanelButton(gmail: Page, testid: string): Promise<void> {
  await waitFor(
    'the panel’s findings',
    () =>
      gmail.evaluate(
        () =>
          document
            .querySelector('[data-m2k-panel-host]')
            ?.shadowRoot?.querySelector('[data-testid="m2k-findings"]')
            ?.getAttribute('data-judged') ?? null,
      ),
    (judged) => judged === 'true',
  );
  const button = await gmail.waitForSelector(`>>> [data-testid="${testid}"]`, { timeout: 20_000 });
  await button!.click();
}
