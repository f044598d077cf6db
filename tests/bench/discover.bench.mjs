#!/usr/bin/env node
// Discovery benchmarks against real local servers, through the built companion
// (dist/helper/m2k-probe.cjs discover --json --dns …), timed by the report's own `ms`:
//   discover.parallel_ratio  median time of a discovery over 6 candidates × 7 services / the
//                            slowest candidate's median single-candidate discovery (goal <= 1.3)
//   discover.cpu_busy_share  during those 6-candidate discoveries, the share of the machine's CPU
//                            time (all cores, /proc/stat) that was busy: near 1 means the run waits
//                            for the CPU, which the helper, the servers and the forwarders share here
//   discover.parallel_ratio_rtt<N>  the same ratio with the forwarders holding every chunk N/2 ms in
//                            each direction (an N ms round trip, as to a real school's server), where
//                            the discovery waits for the network rather than for this machine's CPU
//   discover.blackhole_ms    a discovery where all 6 candidates accept on every port and never
//                            speak, against its timeout (goal <= timeout + 10 %)
// The 6 candidates are 6 loopback addresses (127.13.N.1-6), each forwarding every mail port to one
// Dovecot + Postfix pair on 127.0.0.1 with a certificate that names all of them; a loopback DNS
// server answers for them. The forwarders add the same small cost to both sides of the ratio.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist/helper/m2k-probe.cjs');
const ROUNDS = 5;
const TIMEOUT_MS = 10_000;
const BLACKHOLE_TIMEOUT_MS = 3000;
const NAMES = ['mail', 'pop', 'pop3', 'imap', 'smtp', 'webmail'];
/** The emulated round trip of the second measurement, in ms. */
const RTT_MS = 40;

if (!existsSync(cli)) {
  console.error('discover bench: run `npm run build:helper` first');
  process.exit(1);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'm2k-bench-disc-'));
const outfile = path.join(tmp, 'support.mjs');
await build({
  entryPoints: [path.join(root, 'tests/support/discovery/index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const support = await import(pathToFileURL(outfile).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function discover(domain, dns, ports, caFile, timeoutMs) {
  const args = ['discover', domain, '--json', '--dns', dns, '--ca', caFile, '--timeout', String(timeoutMs)];
  for (const [s, p] of Object.entries(ports)) args.push(`--${s}`, String(p));
  return new Promise((resolve, reject) => {
    // The made-up school lives on loopback addresses, which discovery contacts only with this switch.
    const env = { ...process.env, M2K_PROBE_ALLOW_LOOPBACK: '1' };
    execFile(process.execPath, [cli, ...args], { timeout: 90_000, maxBuffer: 8 * 1024 * 1024, env }, (err, stdout) => {
      if (err && typeof err.code !== 'number') return reject(err);
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`discover printed no JSON: ${stdout.slice(0, 300)}`));
      }
    });
  });
}

const servers = [];
const sockets = new Set();

/** Writes what `from` reads into `to`, each chunk `delayMs` later than it arrived, in order. */
const relay = (from, to, delayMs) => {
  if (delayMs === 0) return void from.pipe(to);
  from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.destroyed || to.end(), delayMs));
};
const forward = (address, port, to, delay) =>
  new Promise((resolve, reject) => {
    const srv = net.createServer((c) => {
      c.setNoDelay(true);
      const u = net.connect(to, '127.0.0.1');
      u.setNoDelay(true);
      for (const s of [c, u]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          c.destroy();
          u.destroy();
        });
      }
      relay(c, u, delay.ms);
      relay(u, c, delay.ms);
    });
    srv.once('error', reject);
    srv.listen(port, address, () => resolve(srv));
    servers.push(srv);
  });

/** Busy and total CPU time of the whole machine so far (all cores, in jiffies). */
const cpuTimes = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
};

const stops = [];
try {
  const n3 = 1 + Math.floor(Math.random() * 250);
  const addr = (i) => `127.13.${n3}.${i + 1}`;
  const certs = support.makeTestCerts(path.join(tmp, 'certs'));
  const names = NAMES.map((n) => `${n}.bench.test`);
  const cert = support.makeSiteCert(certs, 'bench', [...names, 'mail.bench0.test', ...NAMES.map((_, i) => `mail.one${i}.test`)]);
  const dovecot = await support.startDovecot({ cert: { key: cert.key, cert: cert.chain } });
  stops.push(dovecot.stop);
  const postfix = await support.startPostfix({ cert: { key: cert.key, cert: cert.chain }, saslPort: dovecot.ports.auth });
  stops.push(postfix.stop);
  const { auth: _a, ...dports } = dovecot.ports;
  const upstream = { ...dports, ...postfix.ports };
  // The same port numbers on every candidate address, forwarded to the real servers.
  const ports = Object.fromEntries(Object.keys(upstream).map((s, i) => [s, 0]));
  const free = await support.freePorts(7);
  Object.keys(upstream).forEach((s, i) => (ports[s] = free[i]));
  /** The forwarders' one-way delay, changed between the two measurements. */
  const delay = { ms: 0 };
  for (let i = 0; i < NAMES.length; i++) for (const s of Object.keys(upstream)) await forward(addr(i), ports[s], upstream[s], delay);
  // Black holes on six more addresses.
  const holeAddr = (i) => `127.13.${n3}.${i + 101}`;
  for (let i = 0; i < NAMES.length; i++) stops.push((await support.startBlackHole(holeAddr(i), Object.values(ports))).stop);

  const zone = {};
  NAMES.forEach((n, i) => {
    zone[`${n}.bench.test`] = { a: [addr(i)] };
    zone[`mail.one${i}.test`] = { a: [addr(i)] };
    zone[`${n}.hole.test`] = { a: [holeAddr(i)] };
  });
  const dns = await support.startDnsServer(zone);
  stops.push(dns.stop);
  const dnsServer = `127.0.0.1:${dns.port}`;

  const warm = await discover('bench.test', dnsServer, ports, certs.caCert, TIMEOUT_MS);
  const working = warm.choices.filter((c) => c.services.filter((s) => s.ok).length === 7).length;
  if (working !== 6)
    throw new Error(
      `expected 6 candidates with 7 working services, got ${working}: ${JSON.stringify(warm.choices.map((c) => [c.host, c.services.map((s) => s.code ?? 'ok')]))}`,
    );
  /** Median 6-candidate and slowest median single-candidate discovery, rounds interleaved; and how busy the CPU was during the former. */
  const measure = async () => {
    const alls = [];
    const singles = NAMES.map(() => []);
    let busy = 0;
    let total = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < NAMES.length; i++) {
        const one = await discover(`one${i}.test`, dnsServer, ports, certs.caCert, TIMEOUT_MS);
        if (one.choices.length !== 1) throw new Error(`one${i}.test: ${one.choices.length} choices`);
        singles[i].push(one.ms);
      }
      const before = cpuTimes();
      alls.push((await discover('bench.test', dnsServer, ports, certs.caCert, TIMEOUT_MS)).ms);
      const after = cpuTimes();
      busy += after.busy - before.busy;
      total += after.total - before.total;
    }
    return { all: median(alls), singles: singles.map(median), busyShare: total > 0 ? busy / total : NaN };
  };

  const bare = await measure();
  const slowest = Math.max(...bare.singles);
  console.log(`discover.all_ms: ${bare.all.toFixed(1)} (6 candidates x 7 services, median of ${ROUNDS})`);
  console.log(`discover.single_slowest_ms: ${slowest.toFixed(1)} (singles: ${bare.singles.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`discover.parallel_ratio: ${(bare.all / slowest).toFixed(2)} (goal <= 1.3)`);
  console.log(
    `discover.cpu_busy_share: ${bare.busyShare.toFixed(2)} (of ${os.cpus().length} cores, during the 6-candidate runs; helper, servers and forwarders share them)`,
  );

  delay.ms = RTT_MS / 2;
  const far = await measure();
  const farSlowest = Math.max(...far.singles);
  console.log(`discover.all_ms_rtt${RTT_MS}: ${far.all.toFixed(1)} (single slowest ${farSlowest.toFixed(1)})`);
  console.log(`discover.parallel_ratio_rtt${RTT_MS}: ${(far.all / farSlowest).toFixed(2)} (goal <= 1.3)`);
  console.log(`discover.cpu_busy_share_rtt${RTT_MS}: ${far.busyShare.toFixed(2)}`);
  delay.ms = 0;

  const hole = await discover('hole.test', dnsServer, ports, certs.caCert, BLACKHOLE_TIMEOUT_MS);
  console.log(
    `discover.blackhole_ms: ${hole.ms.toFixed(0)} (timeout ${BLACKHOLE_TIMEOUT_MS}, goal <= ${Math.round(BLACKHOLE_TIMEOUT_MS * 1.1)})`,
  );
} finally {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r()))));
  await Promise.allSettled(stops.map((s) => s()));
  rmSync(tmp, { recursive: true, force: true });
}
