/** Free loopback ports and waiting for a daemon's port, with bounded tries. */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { SERVICES, type Service } from '@/contract/mail2000';

/** `n` distinct free ports on 127.0.0.1, found by binding port 0 (all held open together, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** One free port for each of the seven mail services (the probe's `ports`), for sites that share a port set. */
export async function freeServicePorts(): Promise<Record<Service, number>> {
  const free = await freePorts(SERVICES.length);
  return Object.fromEntries(SERVICES.map((s, i) => [s, free[i]!])) as Record<Service, number>;
}

/** Resolves once something accepts TCP on the port; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 15_000, host = '127.0.0.1'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port });
      const t = setTimeout(() => {
        s.destroy();
        resolve(false);
      }, 500);
      s.once('connect', () => {
        clearTimeout(t);
        s.destroy();
        resolve(true);
      });
      s.once('error', () => {
        clearTimeout(t);
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

/**
 * A daemon that has ended but whose parent (here the container's init, which reaps only now and
 * then) has not collected it yet still answers signal 0 for a second or two.
 */
const isZombie = (pid: number): boolean => {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Waits until a process id is gone (bounded). */
export async function waitForExit(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (isZombie(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/**
 * Ends a test daemon and everything it started, at once. Dovecot's and Postfix's masters each lead
 * a process group of their own; an orderly stop (SIGTERM) makes each wait seconds for its
 * children, and a test's servers hold nothing that must outlive the test.
 */
export async function endProcessGroup(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
  }
  if (!(await waitForExit(pid, 10_000))) throw new Error(`process ${pid} did not end within 10 s of SIGKILL`);
}
