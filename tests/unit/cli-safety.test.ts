// What the command line prints is inert and readable whatever it is given: server text goes through
// inert() (ESC, BEL, CSI and bidi controls escaped), and no input, on the command line or from DNS,
// makes it print zod's dump of a schema error. The fuzzing is seeded, so a failure can be replayed.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import * as z from 'zod/mini';
import { inert } from '@/helper/cli/inert';
import { parseCli, UsageError } from '@/helper/cli/args';
import { runCli, describeFailure, type CliIO } from '@/helper/cli/run';
import { renderReport } from '@/helper/cli/table';
import { renderDiscovery } from '@/helper/cli/discover-table';
import { runDiscovery } from '@/helper/discover/discover';
import type { DiscoveryResolver } from '@/helper/discover/resolve';
import { DiscoverReportSchema, type DiscoverReport } from '@/contract/discovery';
import { addressClass } from '@/contract/address';
import { ProbeReportSchema, type ProbeReport } from '@/contract/protocol';
import '@/helper/zod-english';
import { prng } from '../support/native-host/client';

/** Anything a terminal would act on: C0 (the table's own line breaks aside), DEL, C1, bidi controls. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** What zod's error dump looks like (ZodError.message is the issues as indented JSON). */
const ZOD_DUMP = /"code"\s*:|"path"\s*:|"expected"\s*:|ZodError|\$Zod|\[\s*\{/;

const HOSTILE =
  '+OK MPOP3D V8.0 \u001b]0;owned\u0007\u001b[2J\u001b[31mred\u009b1;1H\u202egnp.exe\u2066x\u2069\ttab\nnext\rback\u0000\u007f';

describe('inert', () => {
  it('escapes C0 (tab, line feed and carriage return too), DEL, C1 and the bidi controls', () => {
    expect(inert(HOSTILE)).toBe(
      '+OK MPOP3D V8.0 \\x1b]0;owned\\x07\\x1b[2J\\x1b[31mred\\x9b1;1H\\u202egnp.exe\\u2066x\\u2069\\ttab\\nnext\\rback\\x00\\x7f',
    );
    expect(inert(HOSTILE)).not.toMatch(ACTIVE);
  });

  it('leaves printable text alone, Chinese included', () => {
    const text = 'POP3 一連線就加密（SSL，連接埠 995） "quoted" \\ back-slash ~';
    expect(inert(text)).toBe(text);
  });
});

const fixture = (name: string): ProbeReport =>
  ProbeReportSchema.parse(JSON.parse(readFileSync(new URL(`../fixtures/probe/${name}.json`, import.meta.url), 'utf8')));

describe('the tables print server text inert', () => {
  it('check: a certificate error, a code and a hint from a hostile server', () => {
    const report = fixture('cert-expired');
    const r = report.results.find((x) => x.tls)!;
    r.tls!.error = HOSTILE;
    r.ok = false;
    r.stages.push({ name: 'quit', ok: false, ms: 1, code: 'X\u001b[2J' });
    r.hint = { code: 'INTERNAL', en: HOSTILE, zh_TW: HOSTILE };
    const out = renderReport(ProbeReportSchema.parse(report), 'en');
    expect(out).not.toMatch(ACTIVE);
    expect(out).toContain('\\x1b[2J');
  });

  it('discover: a greeting quoted in a reason, and a DNS error code', () => {
    const report: DiscoverReport = DiscoverReportSchema.parse({
      domain: 'school.test',
      ms: 5,
      timeoutMs: 2000,
      candidates: [{ host: 'mail.school.test', sources: ['prefix'], addresses: ['10.0.0.1'], aliases: [], inside: ['10.0.0.1'] }],
      choices: [
        {
          host: 'mail.school.test',
          rank: 1,
          score: 70,
          pop: { port: 995, ssl: true, reached: false },
          ports: { pop3: 110, pop3s: 995, imap: 143, imaps: 993, smtp: 25, smtps: 465, submission: 587 },
          services: [],
          reasons: [{ code: 'mail2000', good: true, en: HOSTILE, zh_TW: HOSTILE }],
          mail2000: true,
          ownDomain: true,
          inside: true,
        },
      ],
      best: 'mail.school.test',
    });
    for (const lang of ['en', 'zh-TW'] as const) {
      const out = renderDiscovery(report, lang);
      expect(out).not.toMatch(ACTIVE);
      expect(out).toContain('\\x1b]0;owned\\x07');
    }
  });
});

/** Seeded (M2K_FUZZ_SEED replays another run): every run tries the same inputs. */
const SEED = Number(process.env.M2K_FUZZ_SEED ?? 20261202);
function rng(seed: number) {
  const next = prng(SEED + seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const OPTIONS = [
  '--pop3',
  '--pop3s',
  '--imap',
  '--imaps',
  '--smtp',
  '--smtps',
  '--submission',
  '--only',
  '--ca',
  '--timeout',
  '--json',
  '--user',
  '--password-stdin',
  '--dns',
  '--lang',
  '--browser',
  '--user-data-dir',
  '--allow',
  '--extension-id',
  '--addon-id',
  '--help',
  '-h',
  '--version',
  '-V',
  '--bogus',
  '-x',
  '--',
];
const WORDS = [
  '',
  ' ',
  '0',
  '1',
  '-1',
  '65535',
  '65536',
  '995',
  '1e3',
  '0x10',
  '99999999999999999999',
  'NaN',
  'pop3',
  'pop3s,imaps',
  'all',
  ',',
  'chrome,firefox',
  'zh-TW',
  'en',
  'xx',
  'alice@school.test',
  '@',
  'a@',
  '@b',
  'school.test',
  'edu.tw',
  '127.0.0.1',
  '::1',
  '[::1]:53',
  '127.0.0.1:53',
  '1.2.3.4:99999',
  'localhost',
  'a'.repeat(400),
  'x@' + 'y.'.repeat(200) + 'z',
  '\u001b[2J',
  'ü@例子.台灣',
  'host:1+2',
  '[fe80::1]:10110+10995',
  '/dev/null',
  '--json',
  '=',
  '%00',
  '\u0000',
  '\n',
];
const junk = (r: Rng) =>
  Array.from({ length: r.int(12) }, () =>
    String.fromCodePoint(r.pick([r.int(0x80), 0x80 + r.int(0x80), 0x4e00 + r.int(200), 0x202e])),
  ).join('');

function argv(r: Rng): string[] {
  const out: string[] = [
    r.pick(['check', 'discover', 'install', 'uninstall', 'status', 'help', '--help', '--version', '--lang', 'bogus', '', '-x']),
  ];
  for (let i = r.int(7); i > 0; i--) {
    const roll = r.next();
    if (roll < 0.45) out.push(r.pick(OPTIONS));
    else if (roll < 0.6) out.push(`${r.pick(OPTIONS)}=${r.next() < 0.5 ? r.pick(WORDS) : junk(r)}`);
    else out.push(r.next() < 0.7 ? r.pick(WORDS) : junk(r));
  }
  return out;
}

describe('argument parser fuzz', () => {
  it(`every refusal is a UsageError with a readable message, never a schema dump (3000 seeded inputs, seed ${SEED})`, () => {
    const r = rng(1);
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const args = argv(r);
      try {
        parseCli(args);
      } catch (e) {
        refused++;
        expect(e, JSON.stringify(args)).toBeInstanceOf(UsageError);
        expect((e as Error).message, JSON.stringify(args)).not.toMatch(ZOD_DUMP);
        expect((e as Error).message.length).toBeLessThan(2000);
      }
    }
    // The generator reaches both outcomes.
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(3000);
  });
});

const hex = (r: Rng) => r.int(0x10000).toString(16);
/** Address-like text of every shape DNS and getaddrinfo give, and some they never should. */
function addressText(r: Rng): unknown {
  const v4 = () =>
    Array.from({ length: 4 }, () => String(r.pick([0, 1, 10, 127, 169, 172, 192, 224, 240, 254, 255, r.int(256)]))).join('.');
  return r.pick([
    () => v4(),
    () => `::ffff:${v4()}`,
    () => `::${v4()}`,
    () => `64:ff9b::${v4()}`,
    () => Array.from({ length: 8 }, () => hex(r)).join(':'),
    () => `${hex(r)}::${hex(r)}`,
    () => `fe80::${hex(r)}%eth${r.int(3)}`,
    () => r.pick(['::', '::1', 'ff02::1', '0.0.0.0', '255.255.255.255', '2002:a9fe:a9fe::1']),
    () => r.pick(WORDS),
    () => junk(r),
    () => r.pick([null, 42, {}, ['1.2.3.4'], undefined]),
  ])();
}

function fuzzResolver(r: Rng): DiscoveryResolver {
  return {
    addresses: async () => {
      if (r.next() < 0.15) throw Object.assign(new Error('no'), { code: r.pick(['ENOTFOUND', 'ETIMEOUT', junk(r), 7]) });
      return Array.from({ length: r.int(14) }, () => addressText(r)) as string[];
    },
    resolveMx: async () => {
      if (r.next() < 0.3) throw new Error('no MX');
      return Array.from({ length: r.int(8) }, () => ({
        priority: r.pick([0, 10, -1, 1.5, NaN]),
        exchange: r.pick(['mx1.school.test', 'MX.SCHOOL.TEST.', '', junk(r), 'a'.repeat(300), '\u001b[2J.test']) as string,
      }));
    },
  };
}

/** A stand-in for the network (tests may not contact the addresses above): some answer with the fixture's results. */
const fakeProbe =
  (r: Rng, seen: string[]): typeof import('@/helper/probe/engine').runProbe =>
  async (opts, _onResult, _signal, deps) => {
    const found = await deps!.lookup!(opts.host);
    seen.push(...found.map((a) => a.address));
    const results = r.next() < 0.5 ? [] : fixture(r.pick(['all-ok', '995-blocked', 'cert-expired', 'warnings'])).results;
    return { host: opts.host, ms: 1, results: results.map((x) => ({ ...x, greeting: HOSTILE })) };
  };

describe('discovery input fuzz', () => {
  it('whatever DNS answers, the report is valid and nothing forbidden is probed (300 seeded runs)', async () => {
    const r = rng(2);
    for (let i = 0; i < 300; i++) {
      const seen: string[] = [];
      const report = await runDiscovery({ domain: 'school.test', timeoutMs: 1000 }, undefined, undefined, {
        resolver: fuzzResolver(r),
        probe: fakeProbe(r, seen),
        known: [],
      });
      expect(DiscoverReportSchema.safeParse(report).success).toBe(true);
      for (const a of seen) expect(['public', 'private']).toContain(addressClass(a));
    }
  });

  it('through the command line: a table or JSON, never a schema dump and never a raw control character (200 seeded runs)', async () => {
    const r = rng(3);
    const home = mkdtempSync(path.join(tmpdir(), 'm2k-fuzz-'));
    try {
      for (let i = 0; i < 200; i++) {
        const json = r.next() < 0.5;
        const { code, stdout, stderr } = await cli(['discover', 'alice@school.test', ...(json ? ['--json'] : [])], home, {
          discover: (o, e, s, d) => runDiscovery(o, e, s, { ...d, resolver: fuzzResolver(r), probe: fakeProbe(r, []), known: [] }),
        });
        expect([0, 1]).toContain(code);
        expect(stderr).toBe('');
        if (json) {
          // JSON escapes the C0 controls itself (ESC is \u001b); the report is the whole output.
          expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
          expect(DiscoverReportSchema.safeParse(JSON.parse(stdout)).success).toBe(true);
        } else {
          expect(stdout).not.toMatch(ZOD_DUMP);
          expect(stdout).not.toMatch(ACTIVE);
        }
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

async function cli(args: string[], home: string, over: Partial<CliIO> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli({
    argv: args,
    env: { HOME: home, LANG: 'C.UTF-8', XDG_CONFIG_HOME: path.join(home, '.config') },
    stdin,
    stdout,
    stderr,
    version: '0.0.0-test',
    execPath: process.execPath,
    bundlePath: path.join(home, 'm2k-probe.cjs'),
    probe: async (opts) => ({ host: opts.host, ms: 1, results: fixture('all-ok').results }),
    ...over,
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

describe('the command line as a whole', () => {
  it('random command lines end in 0, 1 or 2 with readable output, never a schema dump (500 seeded runs, in a temporary HOME)', async () => {
    const r = rng(4);
    const home = mkdtempSync(path.join(tmpdir(), 'm2k-fuzz-'));
    try {
      for (let i = 0; i < 500; i++) {
        const args = argv(r);
        const { code, stdout, stderr } = await cli(args, home, {
          discover: async (o) => ({ domain: o.domain, ms: 1, timeoutMs: 1000, candidates: [], choices: [] }),
        });
        expect([0, 1, 2], JSON.stringify(args)).toContain(code);
        expect(`${stdout}${stderr}`, JSON.stringify(args)).not.toMatch(ZOD_DUMP);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('an unexpected schema error becomes one line that names the place, not zod dump', async () => {
    const err = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: 'x' } }).error!;
    expect(describeFailure(err)).toBe('internal check failed at a.b: Invalid input: expected number, received string');
    const home = mkdtempSync(path.join(tmpdir(), 'm2k-fuzz-'));
    try {
      const r = await cli(['check', '--json'], home, {
        probe: async () => {
          throw err;
        },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('m2k-probe: internal check failed at a.b: Invalid input: expected number, received string\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
