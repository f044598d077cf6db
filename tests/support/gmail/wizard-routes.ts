/**
 * The wizard's fixture pages as fake https://mail.google.com routes, for the end-to-end tests in
 * both browsers. Each step is its own page; the forms navigate to the next (GET for steps 1, 2, 4,
 * POST for the POP settings form, which carries the password the person typed).
 */
import type { FakeRoutes } from '../browsers/fake-gmail';
import { readFixture } from './fixtures';

export const SETTINGS_URL = 'https://mail.google.com/mail/u/0/#settings/accounts';
export const WIZARD_PATH = '/mail/u/0/m2k-wizard/';

export const wizardRoutes = (lang: 'en' | 'zh-TW' = 'en'): FakeRoutes => ({
  '/mail/u/0/': readFixture('wizard-0-settings.en.html'),
  [`${WIZARD_PATH}email`]: readFixture(`wizard-1-email.${lang}.html`),
  [`${WIZARD_PATH}kind`]: readFixture(`wizard-2-kind.${lang}.html`),
  [`${WIZARD_PATH}pop`]: readFixture(`wizard-3-pop.${lang}.html`),
  [`${WIZARD_PATH}sendas`]: readFixture(`wizard-4-sendas.${lang}.html`),
  [`${WIZARD_PATH}done`]: readFixture('wizard-done.html'),
  [`${WIZARD_PATH}edit`]: readFixture('wizard-3-edit.en.html'),
});

export const PROFILE = {
  address: 's1234567@mail.au.edu.tw',
  username: '',
  host: 'mail.au.edu.tw',
  popPort: 995,
  keepCopy: true,
  label: true,
  labelName: 'Mail2000',
  archive: false,
  sendAs: false,
};
/** Typed by the test as the person would; it must never appear in the extension's storage. */
export const PASSWORD = 'Pw-4-e2e-only!9';
