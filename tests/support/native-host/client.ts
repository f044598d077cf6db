/**
 * Talks to the native messaging host the way a browser does: spawns it with the caller's origin
 * (or Firefox's manifest path + add-on id), writes length-prefixed frames to its stdin and decodes
 * the frames it writes to stdout. Every wait has a deadline, so a hanging host fails the test.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { HostReplySchema, type HostReply } from '@/contract/protocol';

export const REPO = path.resolve(__dirname, '../../..');
export const BUNDLE = path.join(REPO, 'dist/helper/m2k-probe.cjs');

/** The tests run the built bundle, as browsers do; build it when a lone test run finds none. */
export function ensureBundle(): string {
  if (!existsSync(BUNDLE)) {
    const r = spawnSync(process.execPath, ['scripts/build-helper.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building the helper failed');
  }
  return BUNDLE;
}

/** The standalone programs scripts/build-exe.mjs makes from BUNDLE (`npm test` builds them once, before the tests). */
export const EXE_DIR = path.join(REPO, 'dist/helper/exe');
export const EXE = {
  'linux-x64': path.join(EXE_DIR, 'm2k-probe-linux-x64'),
  'windows-x64': path.join(EXE_DIR, 'm2k-probe-windows-x64.exe'),
  'darwin-arm64': path.join(EXE_DIR, 'm2k-probe-darwin-arm64'),
  'darwin-x64': path.join(EXE_DIR, 'm2k-probe-darwin-x64'),
} as const;

/** Builds the executables when a lone test run finds them missing or older than the bundle. */
export function ensureExecutables(): typeof EXE {
  ensureBundle();
  const bundleTime = statSync(BUNDLE).mtimeMs;
  if (Object.values(EXE).some((f) => !existsSync(f) || statSync(f).mtimeMs < bundleTime)) {
    const r = spawnSync(process.execPath, ['scripts/build-exe.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building the executables failed');
  }
  return EXE;
}

const LE = endianness() === 'LE';

export function frame(message: unknown): Buffer {
  return rawFrame(Buffer.from(JSON.stringify(message), 'utf8'));
}

export function rawFrame(body: Buffer, length = body.length): Buffer {
  const head = Buffer.alloc(4);
  if (LE) head.writeUInt32LE(length >>> 0);
  else head.writeUInt32BE(length >>> 0);
  return Buffer.concat([head, body]);
}

export interface HostProcess {
  proc: ChildProcessWithoutNullStreams;
  /** Every frame the host wrote so far, validated against HostReplySchema. */
  replies: HostReply[];
  /** Raw bytes the host wrote to stdout (to check nothing secret came back). */
  stdoutBytes(): Buffer;
  stderr(): string;
  send(message: unknown): void;
  write(bytes: Buffer): void;
  end(): void;
  /** Waits until at least `count` replies arrived in total. */
  waitReplies(count: number, timeoutMs?: number): Promise<HostReply[]>;
  /** Waits for the host to exit. */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * What the host still holds after full garbage collections, in KiB: JavaScript heap and Buffer
   * memory. Only for a host spawned with `{ retainedMemory: true }`.
   */
  retained(): Promise<RetainedMemory>;
  kill(): void;
}

export interface RetainedMemory {
  heapKiB: number;
  buffersKiB: number;
}

/** The preload that answers `retained()`; loaded only into hosts a memory test spawns. */
const RETAINED_MEMORY_PRELOAD = path.join(__dirname, 'retained-memory.cjs');

export interface SpawnOptions {
  /** Run the bundle under Node with the retained-memory preload and an IPC channel to ask it. */
  retainedMemory?: boolean;
}

export function spawnHost(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  command: string[] = [process.execPath, BUNDLE],
  options: SpawnOptions = {},
): HostProcess {
  const [cmd, ...pre] = options.retainedMemory ? [process.execPath, '--expose-gc', '--require', RETAINED_MEMORY_PRELOAD, BUNDLE] : command;
  const proc = spawn(cmd!, [...pre, ...args], {
    stdio: options.retainedMemory ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  }) as ChildProcessWithoutNullStreams;
  const replies: HostReply[] = [];
  const chunks: Buffer[] = [];
  let pending = Buffer.alloc(0);
  let stderr = '';
  let badOutput: Error | undefined;
  const listeners = new Set<() => void>();
  proc.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
    pending = Buffer.concat([pending, d]);
    while (pending.length >= 4) {
      const n = LE ? pending.readUInt32LE(0) : pending.readUInt32BE(0);
      if (pending.length < 4 + n) break;
      const body = pending.subarray(4, 4 + n).toString('utf8');
      pending = pending.subarray(4 + n);
      try {
        replies.push(HostReplySchema.parse(JSON.parse(body)));
      } catch (e) {
        badOutput = new Error(`host wrote a frame that is not a HostReply: ${body.slice(0, 200)} (${(e as Error).message})`);
      }
    }
    for (const l of listeners) l();
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // A host that exits early closes the pipe; writes after that must not crash the test runner.
  proc.stdin.on('error', () => {});
  let exitedFlag = false;
  // 'close' (not 'exit'): by then stdout has been read to the end.
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => {
      exitedFlag = true;
      for (const l of [...listeners]) l();
      resolve({ code, signal });
    }),
  );

  const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; stderr: ${stderr.slice(0, 500)}`)), ms);
      p.then(
        (v) => (clearTimeout(t), resolve(v)),
        (e) => (clearTimeout(t), reject(e)),
      );
    });

  return {
    proc,
    replies,
    stdoutBytes: () => Buffer.concat(chunks),
    stderr: () => stderr,
    send: (m) => void proc.stdin.write(frame(m)),
    write: (b) => void proc.stdin.write(b),
    end: () => proc.stdin.end(),
    waitReplies(count, timeoutMs = 10_000) {
      const p = new Promise<HostReply[]>((resolve, reject) => {
        const l = () => {
          if (badOutput) reject(badOutput);
          else if (replies.length >= count) resolve(replies.slice());
          else if (exitedFlag)
            reject(new Error(`host exited after ${replies.length} of ${count} replies; stderr: ${stderr.slice(0, 500)}`));
          else return;
          listeners.delete(l);
        };
        listeners.add(l);
        l();
      });
      return withTimeout(p, timeoutMs, `${count} replies (have ${replies.length})`);
    },
    exited: (timeoutMs = 10_000) =>
      withTimeout(
        exit.then((e) => {
          if (badOutput) throw badOutput;
          return e;
        }),
        timeoutMs,
        'the host to exit',
      ),
    retained() {
      if (!options.retainedMemory) return Promise.reject(new Error('retained() needs a host spawned with { retainedMemory: true }'));
      const answer = new Promise<RetainedMemory>((resolve) => proc.once('message', (m) => resolve(m as RetainedMemory)));
      proc.send('retained');
      return withTimeout(answer, 10_000, 'the retained-memory answer');
    },
    kill: () => {
      if (!exitedFlag) proc.kill('SIGKILL');
    },
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing fuzz case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
