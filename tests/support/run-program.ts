/**
 * Runs a program to its end for the tests (the companion program's CLI, as bundle or executable):
 * stdin given and closed, stdout and stderr collected, killed and failed if it outlives `timeoutMs`.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ProgramRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunProgramOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  input?: string;
  timeoutMs?: number;
  /**
   * Collect the output in `<outputFiles>.out` and `.err` instead of pipes, and end when the program
   * exits: for programs that leave background processes holding their output (wine's services).
   */
  outputFiles?: string;
}

/** `command` is the program and its first arguments (`[node, bundle]` or `[executable]`). */
export function runProgram(command: string[], args: string[], opts: RunProgramOptions): Promise<ProgramRun> {
  const [cmd, ...pre] = command;
  const ms = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const files = opts.outputFiles ? [`${opts.outputFiles}.out`, `${opts.outputFiles}.err`] : undefined;
    const fds = files?.map((f) => openSync(f, 'w'));
    const p = spawn(cmd!, [...pre, ...args], { env: opts.env, cwd: opts.cwd, stdio: ['pipe', fds?.[0] ?? 'pipe', fds?.[1] ?? 'pipe'] });
    fds?.forEach((fd) => closeSync(fd));
    let stdout = '';
    let stderr = '';
    p.stdout?.on('data', (d) => (stdout += d));
    p.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${command.join(' ')} ${args.join(' ')} did not finish in ${ms} ms`));
    }, ms);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on(files ? 'exit' : 'close', (code) => {
      clearTimeout(timer);
      if (files) {
        stdout = readFileSync(files[0]!, 'utf8');
        stderr = readFileSync(files[1]!, 'utf8');
      }
      resolve({ code, stdout, stderr });
    });
    p.stdin!.on('error', () => {});
    p.stdin!.end(opts.input ?? '');
  });
}
