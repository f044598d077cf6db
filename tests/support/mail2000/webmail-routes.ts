/**
 * A Mail2000-like webmail made of the fixtures, as fake https routes for the browser tests (Chromium:
 * serveFakeSite; Firefox: launchFirefox's `sites`): `/` leads to the login page, logging in (a POST,
 * which the person does) leads to the frameset, whose menu frame links to the auto-forward page;
 * saving the forward settings (a POST, only ever the person's) answers "saved". Which menu and which
 * forward page are served is the test's `WebmailVariant`, changeable between tests.
 */
import type { FakeReply, FakeRoutes } from '../browsers/fake-gmail';
import { readWebmailFixture } from './fixtures';

export interface WebmailVariant {
  /** The top page after login: the frameset, or a page that never settles. */
  start: 'start.html' | 'churn.html';
  submenu: 'submenu.zh-TW.html' | 'submenu.en.html' | 'submenu-other.zh-TW.html';
  forward: string;
  /** Placeholders of the forward page ({{END}}). */
  vars?: Record<string, string>;
}

export const DEFAULT_VARIANT: WebmailVariant = { start: 'start.html', submenu: 'submenu.zh-TW.html', forward: 'forward.zh-TW.html' };

const redirect = (location: string): FakeReply => ({ status: 302, headers: { location }, body: '' });
const plain = (title: string): string =>
  `<!doctype html><html lang="zh-TW"><head><meta charset="utf-8"><title>${title}</title></head><body><p>${title}</p></body></html>`;

/** A page of the webmail: no Trusted Types policy (that is Gmail's). */
const page = (body: string): FakeReply => ({ body, noGmailCsp: true });

/** The webmail's routes for the variant `variant()` returns at each request. */
export const webmailRoutes = (variant: () => WebmailVariant): FakeRoutes => ({
  '/': redirect('/cgi-bin/login'),
  '/cgi-bin/login': ({ method }) => (method === 'POST' ? redirect('/cgi-bin/start?m=s0ss10n') : page(readWebmailFixture('login.html'))),
  '/cgi-bin/start': () => page(readWebmailFixture(variant().start)),
  '/cgi-bin/submenu': () => page(readWebmailFixture(variant().submenu)),
  '/cgi-bin/folder': () => page(readWebmailFixture('folder.html')),
  '/cgi-bin/forward': () => page(readWebmailFixture(variant().forward, variant().vars)),
  '/cgi-bin/forward_set': () => page(readWebmailFixture('saved.zh-TW.html')),
  '/cgi-bin/*': ({ url }) => page(plain(url.pathname.split('/').pop() ?? '')),
});

/** Whether anything was saved: a POST to the forward settings. */
export const savedRequests = (requests: readonly string[]): string[] => requests.filter((r) => /^POST \S*\/cgi-bin\/forward_set/.test(r));
