/**
 * The whole path in a real browser: `m2k-probe install --user-data-dir` into a temporary HOME and
 * Chromium profile, then Debian's Chromium with the built extension starts the installed launcher
 * through connectNative and gets a hello and a streamed probe of real Dovecot on loopback.
 * The browser's environment carries NODE_EXTRA_CA_CERTS to the host for the throw-away CA.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NATIVE_HOST_NAME, CHROME_EXTENSION_ID } from '@/contract/ids';
import { HostReplySchema } from '@/contract/protocol';
import { launchChromium, type ChromiumSession } from '../support/browsers/chromium';
import { startMailStack, type MailStack } from '../support/mail-servers/stack';
import { BUNDLE, REPO, ensureBundle } from '../support/native-host/client';

/** The part of the extension API used here (the service worker's `chrome`; this file has no extension types). */
interface NativePort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(f: (m: { type: string; id?: string }) => void): void };
  onDisconnect: { addListener(f: () => void): void };
}
interface ChromeApi {
  runtime: { sendNativeMessage(name: string, m: unknown): Promise<unknown>; connectNative(name: string): NativePort; lastError?: { message?: string } };
}

let stack: MailStack;
let tmp: string;
let home: string;
let profile: string;
let session: ChromiumSession | undefined;

beforeAll(async () => {
  ensureBundle();
  stack = await startMailStack();
  tmp = mkdtempSync(path.join(tmpdir(), 'm2k-chromium-host-'));
  home = path.join(tmp, 'home');
  profile = path.join(tmp, 'profile');
  mkdirSync(home);
  const allow = `localhost:${stack.ports.pop3s}+${stack.ports.imaps}`;
  const r = spawnSync(process.execPath, [BUNDLE, 'install', '--browser', 'chromium', '--user-data-dir', profile, '--allow', allow], {
    cwd: REPO,
    env: { ...process.env, HOME: home, XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`install failed (${r.status}): ${r.stderr}`);
  expect(existsSync(path.join(profile, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`))).toBe(true);
  session = await launchChromium({ userDataDir: profile, env: { HOME: home, NODE_EXTRA_CA_CERTS: stack.certs.caCert } });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await stack?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Chromium starts the installed host', () => {
  it('the extension has the pinned id the host checks', () => {
    expect(session!.extensionId).toBe(CHROME_EXTENSION_ID);
  });

  it('sendNativeMessage(hello) gets the hello reply with the installed allow-list', async () => {
    const worker = session!.context.serviceWorkers()[0]!;
    const reply = await worker.evaluate((name) => (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendNativeMessage(name, { type: 'hello' }), NATIVE_HOST_NAME);
    expect(HostReplySchema.parse(reply)).toMatchObject({ type: 'hello', allow: ['mail.au.edu.tw', `localhost:${[stack.ports.pop3s, stack.ports.imaps].sort((a, b) => a - b).join('+')}`] });
  });

  it('connectNative streams a result per service and the summary; a non-mail port is refused', async () => {
    const worker = session!.context.serviceWorkers()[0]!;
    const messages = await worker.evaluate(
      ({ name, ports }) =>
        new Promise<unknown[]>((resolve, reject) => {
          const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
          const got: unknown[] = [];
          const port = chrome.runtime.connectNative(name);
          const timer = setTimeout(() => reject(new Error(`timeout; got ${JSON.stringify(got)}`)), 30_000);
          port.onMessage.addListener((m) => {
            got.push(m);
            if (m.type === 'summary') port.postMessage({ type: 'probe', id: 'scan', host: 'localhost', ports: { pop3: 22 } });
            if (m.type === 'error') {
              clearTimeout(timer);
              port.disconnect();
              resolve(got);
            }
          });
          port.onDisconnect.addListener(() => reject(new Error(`disconnected: ${chrome.runtime.lastError?.message}; got ${JSON.stringify(got)}`)));
          port.postMessage({ type: 'probe', id: 'p', host: 'localhost', ports, only: ['pop3s', 'imaps'] });
        }),
      { name: NATIVE_HOST_NAME, ports: { pop3s: stack.ports.pop3s, imaps: stack.ports.imaps } },
    );
    const replies = messages.map((m) => HostReplySchema.parse(m));
    expect(replies.map((r) => r.type)).toEqual(['result', 'result', 'summary', 'error']);
    for (const r of replies.slice(0, 2)) expect(r).toMatchObject({ type: 'result', id: 'p', result: { ok: true, tls: { trusted: true } } });
    expect(replies[2]).toMatchObject({ type: 'summary', id: 'p', ok: true });
    expect(replies[3]).toMatchObject({ type: 'error', id: 'scan', code: 'not-allowed' });
  }, 60_000);
});
