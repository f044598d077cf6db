import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '@/helper/cli/args';
import { detectLang, displayWidth, parseLang } from '@/helper/cli/lang';
import { MAIL2000_HOST } from '@/contract/mail2000';

const usage = (argv: string[]) => {
  try {
    parseCli(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('check arguments', () => {
  it('defaults HOST to the Mail2000 host', () => {
    expect(parseCli(['check'])).toEqual({
      lang: undefined,
      command: { cmd: 'check', host: MAIL2000_HOST, ports: {}, json: false, passwordStdin: false },
    });
  });
  it('reads ports, services, timeout, ca, json and the credential switches', () => {
    const { command } = parseCli([
      'check',
      '127.0.0.1',
      '--pop3',
      '10110',
      '--pop3s=10995',
      '--submission',
      '2587',
      '--only',
      'pop3, POP3S',
      '--timeout',
      '3000',
      '--ca',
      '/tmp/ca.pem',
      '--json',
      '--user',
      'alice',
      '--password-stdin',
    ]);
    expect(command).toEqual({
      cmd: 'check',
      host: '127.0.0.1',
      ports: { pop3: 10110, pop3s: 10995, submission: 2587 },
      only: ['pop3', 'pop3s'],
      ca: '/tmp/ca.pem',
      timeoutMs: 3000,
      json: true,
      user: 'alice',
      passwordStdin: true,
    });
  });
  it.each([
    [['check', '--pop3', '0'], /--pop3/],
    [['check', '--imap', '70000'], /--imap/],
    [['check', '--smtp', 'twenty-five'], /--smtp: must be a number/],
    [['check', '--smtp'], /argument missing/],
    [['check', '--only', 'pop4'], /--only/],
    [['check', '--only', ','], /--only/],
    [['check', '--timeout', '5'], /--timeout/],
    [['check', '--timeout', '1e4'], /--timeout/],
    [['check', 'bad host!'], /HOST/],
    [['check', 'a', 'b'], /one HOST/],
    [['check', '--user', 'alice'], /--password-stdin/],
    [['check', '--password-stdin'], /--user/],
    [['check', '--password', 'x'], /Unknown option '--password'/],
    [['check', '--browser', 'chrome'], /Unknown option '--browser'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['install', '--browser', 'safari'], /--browser/],
    [['install', '--allow', 'ok.example,bad:0'], /--allow: not a port/],
    [['install', '--extension-id', 'XYZ'], /--extension-id/],
    [['status', 'extra'], /no arguments/],
    [['status', '--lang', 'fr'], /--lang/],
  ])('%j is a usage error', (argv, message) => {
    expect(usage(argv as string[])).toMatch(message);
  });
});

describe('install, uninstall, status, help, version', () => {
  it('install defaults to all browsers, or to chromium for a custom profile', () => {
    expect(parseCli(['install']).command).toEqual({
      cmd: 'install',
      browsers: 'all',
      allow: [],
      extensionIds: [],
      addonIds: [],
      json: false,
    });
    expect(parseCli(['install', '--user-data-dir', '/tmp/p']).command).toMatchObject({ browsers: ['chromium'], userDataDir: '/tmp/p' });
    expect(
      parseCli(['install', '--browser', 'Chrome,firefox', '--allow', '127.0.0.1:10110+10995,a.example', '--allow', 'b.example']).command,
    ).toMatchObject({
      browsers: ['chrome', 'firefox'],
      allow: ['127.0.0.1:10110+10995', 'a.example', 'b.example'],
    });
    expect(parseCli(['install', '--browser', 'all']).command).toMatchObject({ browsers: 'all' });
  });
  it('recognises the other commands and global switches anywhere', () => {
    expect(parseCli(['uninstall']).command).toEqual({ cmd: 'uninstall', json: false });
    expect(parseCli(['status', '--json']).command).toEqual({ cmd: 'status', json: true });
    expect(parseCli([]).command).toEqual({ cmd: 'help' });
    expect(parseCli(['--help']).command).toEqual({ cmd: 'help' });
    expect(parseCli(['check', '--help']).command).toEqual({ cmd: 'help' });
    expect(parseCli(['--version']).command).toEqual({ cmd: 'version' });
    expect(parseCli(['--lang', 'zh-TW', 'status'])).toEqual({ lang: 'zh-TW', command: { cmd: 'status', json: false } });
    expect(parseCli(['status', '--lang=en'])).toEqual({ lang: 'en', command: { cmd: 'status', json: false } });
  });
});

describe('language', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(detectLang({ LANG: 'zh_TW.UTF-8' })).toBe('zh-TW');
    expect(detectLang({ LANG: 'zh_Hant_TW.UTF-8' })).toBe('zh-TW');
    expect(detectLang({ LANG: 'zh-Hant' })).toBe('zh-TW');
    expect(detectLang({ LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(detectLang({ LANG: 'zh_TW.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(detectLang({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_TW.UTF-8' })).toBe('zh-TW');
    expect(detectLang({})).toBe('en');
    expect(parseLang('zh_tw')).toBe('zh-TW');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('fr')).toBeUndefined();
  });
  it('counts wide characters as two columns', () => {
    expect(displayWidth('pop3')).toBe(4);
    expect(displayWidth('連接埠')).toBe(6);
    expect(displayWidth('正常：OK')).toBe(8);
  });
});
