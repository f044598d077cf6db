// `npm start` must never hang where no browser can be shown: in CI and without a display it prints how
// to load the extension (with its fixed id) and exits. Runs the real script (without rebuilding).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_EXTENSION_ID, GECKO_ID } from '@/contract/ids';

const start = (env: Record<string, string | undefined>, extra: string[] = []) => {
  const clean = { ...process.env };
  delete clean.DISPLAY;
  delete clean.WAYLAND_DISPLAY;
  delete clean.CI;
  return spawnSync(process.execPath, ['scripts/start.mjs', '--no-build', ...extra], {
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
};

describe('scripts/start.mjs', () => {
  it('without a display: prints manual loading steps and the fixed ids, exits 0', () => {
    const out = start({ M2K_OUT: process.env.M2K_OUT });
    if (out.status === 1 && /nothing is built/.test(out.stderr)) {
      // This test needs a build; say so instead of passing silently.
      throw new Error('build the extension first (npm run build, or M2K_OUT=... npx wxt build)');
    }
    expect(out.error).toBeUndefined();
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('No display found');
    expect(out.stdout).toContain(CHROME_EXTENSION_ID);
    expect(out.stdout).toContain(GECKO_ID);
    expect(out.stdout).toMatch(/chrome-mv3/);
    expect(out.stdout).toMatch(/about:debugging/);
  });

  it('in CI: never opens a browser even with a display', () => {
    const out = start({ M2K_OUT: process.env.M2K_OUT, CI: '1', DISPLAY: ':0' });
    expect(out.status).toBe(0);
    expect(out.stdout).not.toContain('Opening Chromium');
    expect(out.stdout).toContain(CHROME_EXTENSION_ID);
  });

  it('refuses --no-build when nothing is built', () => {
    const empty = mkdtempSync(join(tmpdir(), 'm2k-empty-'));
    try {
      const out = start({ M2K_OUT: empty });
      expect(out.status).toBe(1);
      expect(out.stderr).toContain('nothing is built');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
