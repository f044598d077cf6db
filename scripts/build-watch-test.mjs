#!/usr/bin/env node
// The forwarding test's e2e build: the extension with its Gmail feed watch shortened at build time
// (a look every 1 s, at most 12 s, instead of every 5 s for 5 minutes), into `${M2K_OUT}-watch-test`
// beside the real build, so those tests need not wait 5 minutes for "not arrived". A release refuses
// such a build (scripts/release.mjs).
import { spawnSync } from 'node:child_process';

const out = `${process.env.M2K_OUT ?? '.output'}-watch-test`;
const env = { ...process.env, M2K_OUT: out, M2K_TEST_FEED_WATCH: '1000,12000' };
for (const args of [['build'], ['build', '-b', 'firefox']]) {
  const r = spawnSync('npx', ['wxt', ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`build:watch-test: ${out}/chrome-mv3 and ${out}/firefox-mv3 (feed watch every 1 s, at most 12 s)`);
