/**
 * Entry of the companion program, bundled to dist/helper/m2k-probe.cjs. One file, two roles:
 * started by a browser (Chromium passes `chrome-extension://ID/`, Firefox passes the manifest
 * path and the add-on id) it is the native messaging host; started by a person it is the CLI.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeFrame } from './native/framing';
import { callerFromArgs } from './native/caller';
import { regExePath } from './install/reg-exe';
import type { DiscoverFn, MailPolicyFn, ProbeFn, SendTestFn } from './native/jobs';
import type { CliIO } from './cli/run';

// The probe engine and the CLI are compiled only when used: the host's cold start until its first
// reply is what the browser waits for. The build embeds them as source text (see lazy.ts); an
// unbundled run imports them.
declare const __M2K_LAZY_SOURCE__: string | undefined;
type Lazy = typeof import('./lazy');
let lazy: Promise<Lazy> | undefined;
function loadLazy(): Promise<Lazy> {
  lazy ??=
    typeof __M2K_LAZY_SOURCE__ === 'string'
      ? Promise.resolve().then(() => {
          const { compileFunction } = require('node:vm') as typeof import('node:vm');
          const mod = { exports: {} as Lazy };
          // A CommonJS module in this realm: same globals, same `require`, errors caught by our handlers.
          const fn = compileFunction(__M2K_LAZY_SOURCE__, ['exports', 'require', 'module'], { filename: `${__filename}#lazy` });
          fn(mod.exports, require, mod);
          return mod.exports;
        })
      : import('./lazy');
  return lazy;
}
const lazyProbe: ProbeFn = async (...a) => (await loadLazy()).runProbe(...(a as Parameters<ProbeFn>));

/**
 * Discovery resolves through the system; M2K_PROBE_DNS (an IP address with an optional :PORT, in
 * the browser's environment) names a DNS server to ask instead, as `discover --dns` does on the
 * command line. M2K_PROBE_ALLOW_LOOPBACK=1 lets it connect to loopback addresses: for tests only.
 */
const DNS_SERVER_RE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const dnsServer = DNS_SERVER_RE.test(process.env.M2K_PROBE_DNS ?? '') ? process.env.M2K_PROBE_DNS : undefined;
const lazyDiscover: DiscoverFn = async (opts, onEvent, signal) => {
  const l = await loadLazy();
  return l.runDiscovery(opts, onEvent, signal, {
    resolver: l.makeResolver(dnsServer),
    allowLoopback: process.env.M2K_PROBE_ALLOW_LOOPBACK === '1',
  });
};

// The forwarding test reads SPF and DMARC through the same DNS server as discovery.
const lazySendTest: SendTestFn = async (opts, onStage, signal) => {
  const l = await loadLazy();
  return l.runSendTest(opts, onStage, signal, { resolver: l.makePolicyResolver(dnsServer) });
};
const lazyMailPolicy: MailPolicyFn = async (domain, host) => {
  const l = await loadLazy();
  return l.readMailPolicy(domain, host, l.makePolicyResolver(dnsServer));
};

declare const __M2K_VERSION__: string | undefined;
const VERSION = typeof __M2K_VERSION__ === 'string' ? __M2K_VERSION__ : '0.0.0-dev';

async function hostMain(caller: NonNullable<ReturnType<typeof callerFromArgs>>): Promise<never> {
  const fatal = () => {
    // Last resort: tell the extension something broke (no details: they could hold request data), then leave.
    try {
      process.stdout.write(encodeFrame({ type: 'error', code: 'internal', message: 'helper failed unexpectedly' }));
    } finally {
      process.exit(1);
    }
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  const [{ runHost }, { loadConfig, resolveConfigPath }] = await Promise.all([import('./native/host'), import('./config')]);
  // A program the Windows installer package put in place reads config.json beside itself.
  const programDir = STANDALONE ? dirname(realpath(process.execPath)) : undefined;
  const { config, problem } = loadConfig(resolveConfigPath(process.env, programDir));
  // stderr ends up in the browser's log; say why the allow-list is the default, nothing else.
  if (problem) process.stderr.write(`m2k-probe host: ${problem}; using the default allow-list\n`);
  const code = await runHost({
    input: process.stdin,
    output: process.stdout,
    caller,
    config,
    probe: lazyProbe,
    discover: lazyDiscover,
    sendTest: lazySendTest,
    mailPolicy: lazyMailPolicy,
    helperVersion: VERSION,
  });
  process.exit(code);
}

/**
 * The standalone program: this same bundle compiled with Bun (scripts/build-exe.mjs), which runs
 * it from a virtual file system (`/$bunfs/root/…`, `B:/~BUN/root/…` on Windows).
 */
const STANDALONE = typeof process.versions.bun === 'string' && /^(?:\/\$bunfs\/|[A-Za-z]:[\\/]~BUN[\\/])/.test(process.argv[1] ?? '');

const realpath = (p: string) => {
  try {
    return realpathSync(p); // a symlink in node_modules/.bin, or one to the program
  } catch {
    return p;
  }
};

async function cliMain(argv: string[]): Promise<never> {
  const bundlePath = STANDALONE ? '' : realpath(process.argv[1] ?? '');
  const io: CliIO = {
    argv,
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    version: VERSION,
    execPath: STANDALONE ? realpath(process.execPath) : process.execPath,
    bundlePath,
    standalone: STANDALONE,
    probe: lazyProbe as CliIO['probe'],
    // Required here, not imported at the top: node:child_process alone costs the host several
    // milliseconds of its cold start, and only the CLI on Windows needs it. By full path (reg-exe.ts). Returns what `reg`
    // printed (a query's value); throws when `reg` fails (a key that is not there).
    runReg:
      process.platform === 'win32'
        ? (args) =>
            (require('node:child_process') as typeof import('node:child_process')).execFileSync(regExePath(process.env), args, {
              stdio: ['ignore', 'pipe', 'ignore'],
              encoding: 'utf8',
              windowsHide: true,
            })
        : undefined,
  };
  let code: number;
  try {
    const { runCli } = await loadLazy();
    code = await runCli(io);
  } catch (e) {
    process.stderr.write(`m2k-probe: ${(e as Error)?.message ?? String(e)}\n`);
    code = 1;
  }
  // Let stdout drain (a pipe may be slow) before leaving.
  process.stdout.write('', () => process.exit(code));
  return new Promise<never>(() => {});
}

const args = process.argv.slice(2);
const caller = callerFromArgs(args);
void (caller ? hostMain(caller) : cliMain(args));
