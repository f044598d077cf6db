/**
 * What the companion program needs beyond answering `hello`: the probe engine and the command
 * line, with node:tls and the installer. scripts/build-helper.mjs bundles this
 * separately and embeds it in m2k-probe.cjs as a string that main.ts compiles on first use: V8
 * pre-parses every function of a script before running it, and these ~85% of the bundle cost the
 * host ~15 ms of that on every start, while a string literal is only scanned.
 */
import './zod-english';

export { runProbe } from './probe/engine';
export { runCli } from './cli/run';
export { runDiscovery } from './discover/discover';
export { makeResolver } from './discover/resolve';
export { runSendTest } from './send-test/run';
export { readMailPolicy, makePolicyResolver } from './send-test/policy';
