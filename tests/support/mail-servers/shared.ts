/**
 * The run's shared mail stack as a test file sees it: its ports and certificates (no way to stop
 * it; shared-stack.ts does that when the run ends).
 */
import { inject } from 'vitest';
import type { MailStack } from './stack';

export type SharedMailStack = Pick<MailStack, 'ports' | 'certs'>;

declare module 'vitest' {
  export interface ProvidedContext {
    mailStack: SharedMailStack;
  }
}

export const sharedMailStack = (): SharedMailStack => inject('mailStack');
