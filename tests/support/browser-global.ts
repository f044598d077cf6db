/**
 * The unit tests' browser (vitest.config.ts, `setupFiles`): Node has no extension API, and the code
 * under test reaches the browser through `wxt/browser`, which takes `globalThis.chrome` once, when
 * its module is first evaluated. This gives it one plain object to take before any test file loads;
 * a test puts on it the parts it needs (`Object.assign(browser, { i18n })`, see
 * tests/support/i18n/locale.ts) and never replaces the global.
 */
const g = globalThis as { chrome?: Record<string, unknown> };
// Emptied, not replaced, if a worker runs a second file: the object `wxt/browser` took stays the one.
if (g.chrome) for (const key of Object.keys(g.chrome)) delete g.chrome[key];
else g.chrome = {};
