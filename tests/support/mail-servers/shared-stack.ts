/**
 * One Dovecot + Postfix stack for the whole run, started by vitest's globalSetup (see
 * vitest.config.ts) and handed to the test files by `sharedMailStack()`. Files that only connect,
 * log in and read certificates share it; a file that stops or reconfigures a server starts its
 * own with `startMailStack()`. The servers and e2e projects each run this setup, in one process:
 * the first starts the stack and the last teardown stops it.
 */
import type { TestProject } from 'vitest/node';
import { startMailStack, type MailStack } from './stack';
import type { SharedMailStack } from './shared';

type Holder = { users: number; stack: Promise<MailStack> };
const g = globalThis as { m2kSharedMailStack?: Holder };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const holder = (g.m2kSharedMailStack ??= { users: 0, stack: startMailStack() });
  holder.users++;
  const stack = await holder.stack;
  const shared: SharedMailStack = { ports: stack.ports, certs: stack.certs };
  project.provide('mailStack', shared);
  return async () => {
    if (--holder.users > 0) return;
    delete g.m2kSharedMailStack;
    await stack.stop();
  };
}
