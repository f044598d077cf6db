/**
 * Where the Windows registry tool is. Run by its bare name, `reg` would be looked up in the
 * current folder first, and a program double-clicked in Downloads has Downloads as its current
 * folder: a `reg.exe` or `reg.bat` left there would run instead. So the full path, from the
 * SystemRoot the system sets (C:\Windows when it is missing or not a plain drive path; a network
 * share is not taken either). No imports: the native host's entry file reads this.
 */
const DRIVE_PATH = /^[A-Za-z]:\\[^"*?<>|\u0000-\u001f]*$/;

export function regExePath(env: Readonly<Record<string, string | undefined>>): string {
  const given = env.SystemRoot ?? env.SYSTEMROOT;
  const root = given && DRIVE_PATH.test(given) && !given.includes('..') ? given.replace(/\\+$/, '') : 'C:\\Windows';
  return `${root}\\System32\\reg.exe`;
}
