/**
 * Loaded into a host under test with `node --expose-gc --require <this file>`; never part of a
 * build. On the parent's 'retained' message it runs full collections and answers with what is
 * still held: JavaScript heap and Buffer memory. Unlike peak RSS, this does not depend on when
 * V8 chose to collect, so a loaded machine cannot change the verdict.
 *
 * M2K_TEST_KEEP_INPUT=1 makes the process keep every stdin chunk it reads: the host a memory test
 * must catch, to show that the test can fail.
 */
'use strict';
if (typeof globalThis.gc !== 'function') throw new Error('retained-memory.cjs needs node --expose-gc');
if (typeof process.send !== 'function') throw new Error('retained-memory.cjs needs an IPC channel');

if (process.env.M2K_TEST_KEEP_INPUT === '1') {
  const kept = [];
  process.stdin.on('data', (chunk) => kept.push(chunk));
}

process.on('message', (message) => {
  if (message !== 'retained') return;
  // Two passes: the first may only queue weak callbacks and finalizers that free more on the second.
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  process.send({ heapKiB: Math.round(heapUsed / 1024), buffersKiB: Math.round(arrayBuffers / 1024) });
});
// The channel must not keep a host alive that has finished its session.
process.channel?.unref();
