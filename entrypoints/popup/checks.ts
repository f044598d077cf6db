/**
 * Everything the popup does with zod/mini: checking the background's replies and the probe port's
 * messages. App.tsx loads this module with `import()` after the first frame is painted, so the
 * schemas are neither fetched nor evaluated before the popup is visible.
 */
export { checkReply, orNull } from '@/utils/messaging/send';
export { startProbe } from '@/utils/probe/client';
