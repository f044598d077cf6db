/**
 * What the end-to-end tests do on the wizard fixture pages (served by wizard-routes.ts), in either
 * browser or in the screenshot script.
 */
import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../browsers';
import { SETTINGS_URL } from './wizard-routes';

/**
 * The POP settings step in English (wizard-3-pop.en.html) as the person sees it: every field's value
 * or checkbox state and which field has the cursor. Runs in the page: pass it to `page.evaluate`
 * (playwright or puppeteer); it uses nothing from outside its own body.
 */
export const readEnPopForm = () => {
  const v = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
  const c = (id: string) => (document.getElementById(id) as HTMLInputElement).checked;
  return {
    user: v('r_u'),
    server: v('r_s'),
    port: v('r_o'),
    password: v('r_p'),
    label: v('l_s'),
    keep: c('c_1'),
    ssl: c('c_2'),
    labelOn: c('c_3'),
    archive: c('c_4'),
    focused: document.activeElement?.id,
  };
};

/** What readEnPopForm finds once the setup filled the POP step for the test profile: everything but the password, the cursor in it. */
export const FILLED_EN_POP_FORM = {
  user: 's1234567',
  server: 'mail.au.edu.tw',
  port: '995',
  password: '',
  label: 'Mail2000',
  keep: true,
  ssl: true,
  labelOn: true,
  archive: false,
  focused: 'r_p',
};

/**
 * Chromium: opens Gmail's settings page, waits for the panel's setup button and presses it, as the
 * person would. Returns the settings page and the wizard window it opened (window.open).
 */
export async function openWizardFromSetup(s: ChromiumSession): Promise<{ gmail: Page; popup: Page }> {
  const gmail = await s.context.newPage();
  await gmail.goto(SETTINGS_URL);
  const setupButton = gmail.getByTestId('m2k-setup');
  await setupButton.waitFor({ timeout: 15_000 });
  const [popup] = await Promise.all([gmail.waitForEvent('popup', { timeout: 15_000 }), setupButton.click()]);
  return { gmail, popup };
}
