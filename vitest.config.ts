import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Four kinds of tests: pure logic (fast), real mail servers on loopback, real browsers, and the
// Windows side under wine (the installer packages, the Windows program; `npm run test:wine`, a
// project of its own that CI runs after `npm test`). Three files run at once: the suite mostly
// waits (on servers, browsers and timeouts), and every file starts what it needs on free ports,
// in folders and browser profiles of its own, so files share nothing but the run's one mail
// stack (tests/support/mail-servers/shared-stack.ts), which only serves connections.
export default defineConfig({
  // The same `@/` root alias as the extension build (WXT) and tsconfig, so tests import source the way source does.
  resolve: { alias: { '@/': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // The stand-in `chrome` that `wxt/browser` takes (no extension API in Node).
          setupFiles: ['tests/support/browser-global.ts'],
        },
        esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
      },
      {
        extends: true,
        test: {
          name: 'servers',
          globalSetup: ['tests/support/mail-servers/shared-stack.ts'],
          include: ['tests/servers/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          globalSetup: ['tests/support/mail-servers/shared-stack.ts'],
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'wine',
          include: ['tests/wine/**/*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
