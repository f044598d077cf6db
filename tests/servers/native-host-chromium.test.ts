/**
 * The whole path in a real browser, for both forms of the program:
 * - the bundle under Node: `m2k-probe install --user-data-dir` into a temporary HOME and Chromium
 *   profile; the manifest names the launcher;
 * - the Linux executable: its own no-argument run (a double-click) into a temporary HOME whose
 *   Chromium profile is the per-user one (~/.config/chromium, where the browser is then started);
 *   the manifest names the installed copy, no Node involved.
 * Then Debian's Chromium with the built extension starts the installed host through connectNative
 * and gets a hello and a streamed probe of real Dovecot on loopback. The browser's environment
 * carries NODE_EXTRA_CA_CERTS to the host for the throw-away CA.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NATIVE_HOST_NAME, CHROME_EXTENSION_ID } from '@/contract/ids';
import { HostReplySchema } from '@/contract/protocol';
import { launchChromium, type ChromiumSession } from '../support/browsers/chromium';
import { sharedMailStack } from '../support/mail-servers/shared';
import { BUNDLE, EXE, REPO, ensureBundle, ensureExecutables } from '../support/native-host/client';
import { readFileSync } from 'node:fs';

/** The part of the extension API used here (the service worker's `chrome`; this file has no extension types). */
interface NativePort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(f: (m: { type: string; id?: string }) => void): void };
  onDisconnect: { addListener(f: () => void): void };
}
interface ChromeApi {
  runtime: {
    sendNativeMessage(name: string, m: unknown): Promise<unknown>;
    connectNative(name: string): NativePort;
    lastError?: { message?: string };
  };
}

describe.each(['bundle', 'executable'] as const)('installed as the %s', (variant) => {
  const stack = sharedMailStack();
  let tmp: string;
  let home: string;
  let profile: string;
  let session: ChromiumSession | undefined;

  beforeAll(async () => {
    ensureBundle();
    if (variant === 'executable') ensureExecutables();
    tmp = mkdtempSync(path.join(tmpdir(), 'm2k-chromium-host-'));
    home = path.join(tmp, 'home');
    mkdirSync(home);
    const allow = `localhost:${stack.ports.pop3s}+${stack.ports.imaps}`;
    const env = { ...process.env, HOME: home, XDG_DATA_HOME: '', XDG_CONFIG_HOME: '', LANG: 'C.UTF-8' };
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: REPO, env, encoding: 'utf8', timeout: 30_000 });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
    };
    if (variant === 'bundle') {
      profile = path.join(tmp, 'profile');
      run(process.execPath, [BUNDLE, 'install', '--browser', 'chromium', '--user-data-dir', profile, '--allow', allow]);
    } else {
      // Chromium has run once for this person: its per-user profile folder exists.
      profile = path.join(home, '.config/chromium');
      mkdirSync(profile, { recursive: true });
      run(EXE['linux-x64'], []);
      const installed = path.join(home, '.local/share/m2k-probe/m2k-probe');
      expect(JSON.parse(readFileSync(path.join(profile, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`), 'utf8')).path).toBe(installed);
      // The test servers' ports, added by the installed program itself.
      run(installed, ['install', '--allow', allow]);
    }
    expect(existsSync(path.join(profile, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`))).toBe(true);
    session = await launchChromium({
      userDataDir: profile,
      env: { HOME: home, NODE_EXTRA_CA_CERTS: stack.certs.caCert, ...(variant === 'executable' ? { PATH: '/usr/bin:/bin' } : {}) },
    });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe('Chromium starts the installed host', () => {
    it('the manifest names what was installed', () => {
      const manifest = JSON.parse(readFileSync(path.join(profile, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`), 'utf8'));
      expect(path.basename(manifest.path)).toBe(variant === 'bundle' ? 'm2k-probe-host' : 'm2k-probe');
    });

    it('the extension has the pinned id the host checks', () => {
      expect(session!.extensionId).toBe(CHROME_EXTENSION_ID);
    });

    it('sendNativeMessage(hello) gets the hello reply with the installed allow-list', async () => {
      const worker = session!.context.serviceWorkers()[0]!;
      const reply = await worker.evaluate(
        (name) => (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendNativeMessage(name, { type: 'hello' }),
        NATIVE_HOST_NAME,
      );
      expect(HostReplySchema.parse(reply)).toMatchObject({
        type: 'hello',
        allow: ['mail.au.edu.tw', `localhost:${[stack.ports.pop3s, stack.ports.imaps].sort((a, b) => a - b).join('+')}`],
      });
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
            port.onDisconnect.addListener(() =>
              reject(new Error(`disconnected: ${chrome.runtime.lastError?.message}; got ${JSON.stringify(got)}`)),
            );
            port.postMessage({ type: 'probe', id: 'p', host: 'localhost', ports, only: ['pop3s', 'imaps'] });
          }),
        { name: NATIVE_HOST_NAME, ports: { pop3s: stack.ports.pop3s, imaps: stack.ports.imaps } },
      );
      const replies = messages.map((m) => HostReplySchema.parse(m));
      expect(replies.map((r) => r.type)).toEqual(['result', 'result', 'summary', 'error']);
      for (const r of replies.slice(0, 2))
        expect(r).toMatchObject({ type: 'result', id: 'p', result: { ok: true, tls: { trusted: true } } });
      expect(replies[2]).toMatchObject({ type: 'summary', id: 'p', ok: true });
      expect(replies[3]).toMatchObject({ type: 'error', id: 'scan', code: 'not-allowed' });
    }, 60_000);
  });
});
