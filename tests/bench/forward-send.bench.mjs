#!/usr/bin/env node
// The forwarding test's sending, against real local servers (Postfix handing mail to Dovecot over
// LMTP, started and stopped here; needs root for Postfix, as in CI):
//   forward.send_ms       median, over ROUNDS, of the built `m2k-probe send-test ... --json`'s own
//                         sendMs (start → the server accepted the message: DNS, TCP, TLS, greeting,
//                         EHLO, AUTH, MAIL/RCPT, DATA) over loopback through 465 (goal <= 1000)
//   forward.send_wall_ms  median wall time of the whole command (process start, SPF/DMARC from a
//                         loopback DNS server, QUIT, exit)
//   forward.send_587_ms   the same send when 465 is closed and 587 with STARTTLS takes it
//   forward.copy_ms       median time from acceptance to the kept copy seen over IMAP (--check-copy)
// The test-server launchers (TypeScript) are bundled into a temp dir first (importTs).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from '../support/bundles/import-ts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist/helper/m2k-probe.cjs');
const ROUNDS = 7;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'm2k-bench-send-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function sendTest(args, password) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = execFile(
      process.execPath,
      [cli, 'send-test', ...args, '--json'],
      { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout) => {
        const wall = performance.now() - t;
        if (err && typeof err.code !== 'number') return reject(err);
        try {
          resolve({ report: JSON.parse(stdout), wall });
        } catch {
          reject(new Error(`send-test --json printed no JSON (${err?.message ?? ''}): ${stdout.slice(0, 300)}`));
        }
      },
    );
    p.stdin.end(`${password}\n`);
  });
}

const closedPort = async () => {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
};

let stack;
let dns;
try {
  if (!existsSync(cli)) throw new Error('build the helper first (npm run build:helper)');
  const support = await importTs('tests/support/mail-servers/index.ts', tmp);
  const dnsSupport = await importTs('tests/support/dns/server.ts', tmp);
  stack = await support.startForwardingStack();
  dns = await dnsSupport.startDnsServer({
    'school.test': { txt: ['v=spf1 ip4:127.0.0.0/8 -all'] },
    '_dmarc.school.test': { txt: ['v=DMARC1; p=reject'] },
  });
  const { user, password, address } = stack.person;
  const args = (ports, extra = []) => [
    address,
    '--host',
    'localhost',
    '--user',
    user,
    '--password-stdin',
    '--ca',
    stack.certs.caCert,
    '--dns',
    `127.0.0.1:${dns.port}`,
    ...Object.entries(ports).flatMap(([k, v]) => [`--${k}`, String(v)]),
    ...extra,
  ];
  const ports = { smtps: stack.ports.smtps, submission: stack.ports.submission, imaps: stack.ports.imaps, pop3s: stack.ports.pop3s };
  const run = async (p, extra) => {
    const r = await sendTest(args(p, extra), password);
    if (!r.report.sent) throw new Error(`not sent: ${r.report.outcome} ${JSON.stringify(r.report.stages.filter((s) => !s.ok))}`);
    return r;
  };
  await run(ports); // warm-up: the servers' first connections pay for process spawns
  const send = [];
  const wall = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await run(ports);
    send.push(r.report.sendMs);
    wall.push(r.wall);
  }
  const closed = await closedPort();
  const send587 = [];
  for (let i = 0; i < ROUNDS; i++) send587.push((await run({ ...ports, smtps: closed })).report.sendMs);
  const copy = [];
  for (let i = 0; i < 3; i++) {
    const r = await run(ports, ['--check-copy']);
    if (!r.report.copy?.found) throw new Error('the copy was not found');
    copy.push(r.report.copy.ms);
  }
  console.log(`forward.send_ms: ${median(send).toFixed(0)}`);
  console.log(`forward.send_goal_ms: 1000`);
  console.log(`forward.send_within_goal: ${median(send) <= 1000 ? 'yes' : 'no'}`);
  console.log(`forward.send_wall_ms: ${median(wall).toFixed(0)}`);
  console.log(`forward.send_587_ms: ${median(send587).toFixed(0)}`);
  console.log(`forward.copy_ms: ${median(copy).toFixed(0)}`);
  console.log(`forward.load_average: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
} catch (e) {
  console.error(`forward-send bench failed: ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await dns?.stop();
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
