// The companion program starts system tools by full path only: on Windows the current folder is
// searched before PATH, and a downloaded program's current folder is Downloads.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { regExePath } from '@/helper/install/reg-exe';

describe('regExePath', () => {
  it.each([
    [{ SystemRoot: 'C:\\Windows' }, 'C:\\Windows\\System32\\reg.exe'],
    [{ SystemRoot: 'D:\\WINNT\\' }, 'D:\\WINNT\\System32\\reg.exe'],
    [{ SYSTEMROOT: 'E:\\Win' }, 'E:\\Win\\System32\\reg.exe'],
    [{}, 'C:\\Windows\\System32\\reg.exe'],
    [{ SystemRoot: '' }, 'C:\\Windows\\System32\\reg.exe'],
    [{ SystemRoot: 'Windows' }, 'C:\\Windows\\System32\\reg.exe'],
    [{ SystemRoot: '.\\' }, 'C:\\Windows\\System32\\reg.exe'],
    [{ SystemRoot: '\\\\server\\share' }, 'C:\\Windows\\System32\\reg.exe'],
    [{ SystemRoot: 'C:\\Users\\me\\Downloads\\..\\..\\x' }, 'C:\\Windows\\System32\\reg.exe'],
    [{ SystemRoot: 'C:\\Windows"&calc' }, 'C:\\Windows\\System32\\reg.exe'],
  ])('%j → %s', (env, want) => {
    expect(regExePath(env)).toBe(want);
  });
});

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });

describe('child processes in the companion program', () => {
  it('name their program by a computed full path, never by a bare name in a string', () => {
    const root = path.resolve(__dirname, '../../helper');
    const calls: string[] = [];
    for (const f of files(root)) {
      const text = readFileSync(f, 'utf8');
      // Method calls such as RegExp.exec are not process starts; `.execFileSync(` on a required module is.
      for (const m of text
        .replace(/\)\.(execFileSync|execFile|spawnSync|spawn)\(/g, ') $1(')
        .matchAll(/(?<![.\w])(spawn|spawnSync|execFile|execFileSync|exec|execSync|fork)\(\s*([^,]*)/g))
        calls.push(`${path.relative(root, f)}: ${m[1]}(${m[2]!.trim()}`);
    }
    // reg.exe is the only tool the helper runs (Windows registration); by full path.
    expect(calls).toEqual(['main.ts: execFileSync(regExePath(process.env)']);
  });
});
