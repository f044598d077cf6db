/**
 * What install and uninstall refuse with: an InstallError's message is written for the person, so
 * the command line prints it as it is, and one refusal both share, applying another platform's
 * layout on this machine.
 */
import type { Base } from './paths';

export class InstallError extends Error {}

/** Files are only written for the platform we run on: Windows paths on Linux would land in the current folder. */
export function assertLocal(base: Base): void {
  const here = process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
  if (base.platform !== here) throw new InstallError(`cannot apply a ${base.platform} install on ${here}`);
}
