/**
 * `send-test ADDRESS --user NAME --password-stdin [options]`: what the arguments mean, decided by
 * zod after node's strict parseArgs split them, every problem a UsageError in one sentence.
 */
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { SEND_TEST_LIMITS } from '@/contract/limits';
import { HostnameSchema } from '@/contract/protocol';
import { ADDRESS_PROBLEM_TEXT, addressProblem } from '@/contract/send-test-rules';
import { UsageError } from './args';
import { DnsArg, PortArg } from './arg-types';
import type { Lang } from './lang';

const SEND_TEST_PORT_OPTIONS = ['smtps', 'submission', 'imaps', 'pop3s'] as const;

const SendTestArgsSchema = z.object({
  address: z.string(),
  host: z.optional(z.union([HostnameSchema, z.literal('localhost')])),
  ports: z.partialRecord(z.enum(SEND_TEST_PORT_OPTIONS), PortArg),
  user: z.string(),
  ca: z.optional(z.string().check(z.minLength(1))),
  checkCopy: z.boolean(),
  timeoutMs: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a number of milliseconds')), z.transform(Number)),
      z.int().check(z.minimum(SEND_TEST_LIMITS.minTimeoutMs), z.maximum(SEND_TEST_LIMITS.maxTimeoutMs)),
    ),
  ),
  dns: z.optional(DnsArg),
  json: z.boolean(),
});
export type SendTestArgs = z.output<typeof SendTestArgsSchema>;

const SEND_TEST_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  host: { type: 'string' },
  smtps: { type: 'string' },
  submission: { type: 'string' },
  imaps: { type: 'string' },
  pop3s: { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  ca: { type: 'string' },
  'check-copy': { type: 'boolean' },
  timeout: { type: 'string' },
  dns: { type: 'string' },
} as const;

/** `undefined` for --help. */
export function parseSendTestArgs(argv: readonly string[], lang: Lang | undefined): SendTestArgs | undefined {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: SEND_TEST_OPTIONS, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (e) {
    throw new UsageError(`send-test: ${String((e as Error).message).split('. ')[0]}`);
  }
  const v = parsed.values;
  if (v.help) return undefined;
  if (parsed.positionals.length !== 1)
    throw new UsageError(`send-test takes one ADDRESS (name@school.edu.tw), got ${parsed.positionals.length}`);
  const address = parsed.positionals[0]!;
  const bad = addressProblem(address);
  if (bad) throw new UsageError(`ADDRESS: ${ADDRESS_PROBLEM_TEXT[bad][lang === 'zh-TW' ? 'zh_TW' : 'en']}`);
  // The password only ever comes from standard input: command lines end up in shell history and process lists.
  if (v.user === undefined || v['password-stdin'] !== true)
    throw new UsageError('send-test needs --user NAME and --password-stdin (the password is never taken from the command line)');
  const ports: Record<string, unknown> = {};
  for (const s of SEND_TEST_PORT_OPTIONS) if (v[s] !== undefined) ports[s] = v[s];
  const r = SendTestArgsSchema.safeParse({
    address,
    host: v.host,
    ports,
    user: v.user,
    ca: v.ca,
    checkCopy: v['check-copy'] === true,
    timeoutMs: v.timeout,
    dns: v.dns,
    json: v.json === true,
  });
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    if (key === 'ports') throw new UsageError(`--${String(issue.path[1])}: ${issue.message}`);
    if (key === 'host') throw new UsageError(`--host: ${JSON.stringify(v.host)} is not a host name`);
    const names: Record<string, string> = { ca: '--ca', timeoutMs: '--timeout', dns: '--dns', user: '--user' };
    throw new UsageError(`${names[key] ?? key}: ${issue.message}`);
  }
  return r.data;
}
