/**
 * Command-line arguments: node's parseArgs splits them (strict: unknown options are errors), then
 * zod decides what they mean, so every value the program acts on has been validated. Any problem
 * becomes a UsageError with a clear message; main turns it into exit status 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as z from 'zod/mini';
import { MAIL2000_HOST, SERVICES, type Service } from '@/contract/mail2000';
import { DISCOVERY_LIMITS } from '@/contract/limits';
import { HostnameSchema, ServiceSchema } from '@/contract/protocol';
import { AllowSpecSchema, parseAllowSpec } from '../native/allow';
import { BROWSERS, type Browser } from '../install/paths';
import { parseLang, type Lang } from './lang';
import { DnsArg, PortArg } from './arg-types';
import { parseSendTestArgs, type SendTestArgs } from './send-test-args';

export class UsageError extends Error {}

const HostArg = z.union([HostnameSchema, z.literal('localhost')]);

const commaList = z.pipe(
  z.string(),
  z.transform((s) =>
    s
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  ),
);

const ServiceListArg = z.pipe(commaList, z.array(ServiceSchema).check(z.minLength(1, 'must name at least one service')));

export const CheckArgsSchema = z
  .object({
    host: HostArg,
    ports: z.partialRecord(ServiceSchema, PortArg),
    only: z.optional(ServiceListArg),
    ca: z.optional(z.string().check(z.minLength(1))),
    /** `--timeout`. */
    timeoutMs: z.optional(
      z.pipe(
        z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a number of milliseconds')), z.transform(Number)),
        z.int().check(z.minimum(100), z.maximum(120_000)),
      ),
    ),
    json: z.boolean(),
    // Checked with the password in run.ts (contract/credential.ts), where the message can be localized.
    user: z.optional(z.string()),
    passwordStdin: z.boolean(),
  })
  .check(
    z.refine((a) => (a.user !== undefined) === a.passwordStdin, {
      message: '--user and --password-stdin go together (the password is never taken from the command line)',
      path: ['user'],
    }),
  );

const BrowserListArg = z.pipe(commaList, z.union([z.tuple([z.literal('all')]), z.array(z.enum(BROWSERS)).check(z.minLength(1))]));

/** `discover ADDRESS`: an address (alice@school.edu.tw) or just its domain; `--dns HOST:PORT` asks that DNS server. */
export const DiscoverArgsSchema = z.object({
  /** ADDRESS, read as its domain. */
  domain: z.pipe(
    z.pipe(
      z.string().check(z.minLength(1), z.maxLength(320)),
      z.transform((s) => (s.includes('@') ? s.slice(s.lastIndexOf('@') + 1) : s).trim().toLowerCase().replace(/\.$/, '')),
    ),
    HostnameSchema,
  ),
  ports: z.partialRecord(ServiceSchema, PortArg),
  ca: z.optional(z.string().check(z.minLength(1))),
  /** `--timeout`. */
  timeoutMs: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a number of milliseconds')), z.transform(Number)),
      z.int().check(z.minimum(DISCOVERY_LIMITS.minTimeoutMs), z.maximum(DISCOVERY_LIMITS.maxTimeoutMs)),
    ),
  ),
  dns: z.optional(DnsArg),
  json: z.boolean(),
});

/** `install`: the browsers named, else Chromium for a `--user-data-dir`, else all of them. */
export const InstallArgsSchema = z.pipe(
  z.object({
    browsers: z.optional(BrowserListArg),
    userDataDir: z.optional(z.string().check(z.minLength(1))),
    allow: z.array(AllowSpecSchema),
    extensionIds: z.array(z.string().check(z.regex(/^[a-p]{32}$/, 'an extension id is 32 letters a-p'))),
    addonIds: z.array(z.string().check(z.minLength(1), z.maxLength(200))),
    json: z.boolean(),
  }),
  z.transform((a) => {
    const browsers: Browser[] | 'all' = !a.browsers
      ? a.userDataDir
        ? ['chromium']
        : 'all'
      : a.browsers[0] === 'all'
        ? 'all'
        : (a.browsers as Browser[]);
    return { ...a, browsers };
  }),
);

/** A parsed command: each command's fields are its schema's output, written nowhere else. */
export type Command =
  | { cmd: 'help' }
  | { cmd: 'version' }
  | ({ cmd: 'check' } & z.output<typeof CheckArgsSchema>)
  | ({ cmd: 'install' } & z.output<typeof InstallArgsSchema>)
  | ({ cmd: 'discover' } & z.output<typeof DiscoverArgsSchema>)
  | { cmd: 'send-test'; args: SendTestArgs }
  | { cmd: 'uninstall'; json: boolean }
  | { cmd: 'status'; json: boolean };

export interface Parsed {
  lang?: Lang;
  command: Command;
}

const common = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const portOptions = Object.fromEntries(SERVICES.map((s) => [s, { type: 'string' }])) as Record<Service, { type: 'string' }>;

const OPTIONS = {
  check: {
    ...common,
    ...portOptions,
    only: { type: 'string' },
    ca: { type: 'string' },
    timeout: { type: 'string' },
    user: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  install: {
    ...common,
    browser: { type: 'string' },
    'user-data-dir': { type: 'string' },
    allow: { type: 'string', multiple: true },
    'extension-id': { type: 'string', multiple: true },
    'addon-id': { type: 'string', multiple: true },
  },
  uninstall: common,
  status: common,
  discover: { ...common, ...portOptions, ca: { type: 'string' }, timeout: { type: 'string' }, dns: { type: 'string' } },
} as const satisfies Record<string, ParseArgsConfig['options']>;

type CommandName = keyof typeof OPTIONS;

/** Finds --lang before anything else, so even usage errors come out in the chosen language. */
export function peekLang(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (v !== undefined) return parseLang(v);
  }
  return undefined;
}

function zodMessage(e: z.core.$ZodError, names: Record<string, string>): string {
  const issue = e.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const sub = issue.path.length > 1 ? ` ${String(issue.path[1])}` : '';
  const option = names[key] ?? key;
  return option ? `${option}${sub}: ${issue.message}` : issue.message;
}

export function parseCli(argv: readonly string[]): Parsed {
  const langArg = argv.find((a, i) => a === '--lang' || a.startsWith('--lang=')) !== undefined;
  const lang = peekLang(argv);
  if (langArg && !lang) throw new UsageError('--lang: use zh-TW or en');
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { lang, command: { cmd: 'help' } };
  if (first === '--version' || first === '-V') return { lang, command: { cmd: 'version' } };
  if (first.startsWith('--lang')) {
    // `m2k-probe --lang en check ...`: drop the language and parse the rest.
    const rest = first === '--lang' ? argv.slice(2) : argv.slice(1);
    return { ...parseCli(rest), lang };
  }
  if (first === 'send-test') {
    const args = parseSendTestArgs(argv.slice(1), lang);
    return { lang, command: args ? { cmd: 'send-test', args } : { cmd: 'help' } };
  }
  if (!(first in OPTIONS))
    throw new UsageError(`unknown command ${JSON.stringify(first)}; use check, discover, send-test, install, uninstall or status`);
  const name = first as CommandName;
  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv.slice(1), options: OPTIONS[name], strict: true, allowPositionals: true }) as typeof parsed;
  } catch (e) {
    // parseArgs explains itself in its first sentence ("Unknown option '--x'", "Option '--pop3 <value>' argument missing").
    throw new UsageError(`${name}: ${String((e as Error).message).split('. ')[0]}`);
  }
  const v = parsed.values;
  if (v.help) return { lang, command: { cmd: 'help' } };
  if (v.version) return { lang, command: { cmd: 'version' } };
  const json = v.json === true;
  if (name !== 'check' && name !== 'discover' && parsed.positionals.length)
    throw new UsageError(`${name} takes no arguments, got ${JSON.stringify(parsed.positionals[0])}`);

  if (name === 'check') {
    if (parsed.positionals.length > 1) throw new UsageError(`check takes one HOST, got ${parsed.positionals.length}`);
    const ports: Record<string, unknown> = {};
    for (const s of SERVICES) if (v[s] !== undefined) ports[s] = v[s];
    const r = CheckArgsSchema.safeParse({
      host: parsed.positionals[0] ?? MAIL2000_HOST,
      ports,
      only: v.only,
      ca: v.ca,
      timeoutMs: v.timeout,
      json,
      user: v.user,
      passwordStdin: v['password-stdin'] === true,
    });
    if (!r.success) {
      const names: Record<string, string> = { host: 'HOST', only: '--only', ca: '--ca', timeoutMs: '--timeout', user: '--user' };
      const issue = r.error.issues[0]!;
      if (issue.path[0] === 'ports') throw new UsageError(`--${String(issue.path[1])}: ${issue.message}`);
      if (issue.path[0] === 'only') throw new UsageError(`--only: ${JSON.stringify(v.only)} is not a list of ${SERVICES.join(', ')}`);
      if (issue.path[0] === 'host') throw new UsageError(`HOST: ${JSON.stringify(parsed.positionals[0])} is not a host name`);
      throw new UsageError(zodMessage(r.error, names));
    }
    return { lang, command: { cmd: 'check', ...r.data } };
  }
  if (name === 'discover') {
    if (parsed.positionals.length !== 1)
      throw new UsageError(`discover takes one ADDRESS (alice@school.edu.tw or school.edu.tw), got ${parsed.positionals.length}`);
    const ports: Record<string, unknown> = {};
    for (const s of SERVICES) if (v[s] !== undefined) ports[s] = v[s];
    const r = DiscoverArgsSchema.safeParse({ domain: parsed.positionals[0], ports, ca: v.ca, timeoutMs: v.timeout, dns: v.dns, json });
    if (!r.success) {
      const issue = r.error.issues[0]!;
      if (issue.path[0] === 'ports') throw new UsageError(`--${String(issue.path[1])}: ${issue.message}`);
      if (issue.path[0] === 'domain') throw new UsageError(`ADDRESS: ${JSON.stringify(parsed.positionals[0])} has no domain to discover`);
      throw new UsageError(zodMessage(r.error, { ca: '--ca', timeoutMs: '--timeout', dns: '--dns' }));
    }
    return { lang, command: { cmd: 'discover', ...r.data } };
  }
  if (name === 'install') {
    const list = (x: unknown) =>
      ((x as string[] | undefined) ?? []).flatMap((s) =>
        s
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      );
    const r = InstallArgsSchema.safeParse({
      browsers: v.browser,
      userDataDir: v['user-data-dir'],
      allow: list(v.allow),
      extensionIds: list(v['extension-id']),
      addonIds: list(v['addon-id']),
      json,
    });
    if (!r.success) {
      const issue = r.error.issues[0]!;
      if (issue.path[0] === 'allow') {
        const spec = list(v.allow)[Number(issue.path[1])] ?? '';
        let why = issue.message;
        try {
          parseAllowSpec(spec);
        } catch (e) {
          why = (e as Error).message;
        }
        throw new UsageError(`--allow: ${why}`);
      }
      if (issue.path[0] === 'browsers') throw new UsageError(`--browser: use ${BROWSERS.join(', ')} or all`);
      throw new UsageError(zodMessage(r.error, { userDataDir: '--user-data-dir', extensionIds: '--extension-id', addonIds: '--addon-id' }));
    }
    return { lang, command: { cmd: 'install', ...r.data } };
  }
  return { lang, command: { cmd: name, json } };
}
