/**
 * Misbehaving servers for the probe's failure paths, each on a free loopback port:
 * - `silent`: accepts and never says a word (a black hole behind a firewall that lets SYN through)
 * - `reset`: resets the connection mid-handshake (on the client's first bytes, e.g. a TLS
 *   ClientHello; after half a greeting if the client waits)
 * - `imap-on-pop`: an IMAP greeting where POP3 is expected (Gmail: "Missing +OK response")
 * - `endless`: an SMTP-style "220-" banner that never ends, as fast as the socket takes it
 * - `drip`: a POP3 greeting at one byte per second
 * - `plain-on-tls`: a plain POP3 server (probe it as pop3s: the TLS client reads "+OK" as a record)
 * - `tls-on-plain`: a POP3S server (probe it as pop3: silence on a plain connection)
 * - `old-tls`: a POP3S server that speaks only TLS 1.0/1.1 (as old mail servers still do)
 * - `pop3-plain`: a plain POP3 server without STLS that records every command it gets (to prove a
 *   password never reached it); `caps` sets its CAPA list (default without UIDL)
 * - `smtp-plain`: a plain SMTP server without STARTTLS that offers AUTH PLAIN LOGIN and records every
 *   command it gets (a client must send it nothing but EHLO and QUIT)
 * - `smtp-refuse-ctl`: a plain SMTP server whose greeting refuses the client (554, "not from your
 *   network") with terminal control characters and a bidi override in its text
 */
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';

export type FaultKind =
  | 'silent'
  | 'reset'
  | 'imap-on-pop'
  | 'endless'
  | 'drip'
  | 'plain-on-tls'
  | 'tls-on-plain'
  | 'old-tls'
  | 'pop3-plain'
  | 'smtp-plain'
  | 'smtp-refuse-ctl';

/** The greeting `smtp-refuse-ctl` sends: ESC sequences (red, clear screen), BEL, a C1 CSI and a right-to-left override. */
export const CONTROL_GREETING = '554 5.7.1 \u001b[31mnot from your network\u001b[2J\u0007 \u009b0m \u202eevil\u202c';

export interface FaultServer {
  kind: FaultKind;
  port: number;
  /** Command lines the server received (`pop3-plain`, `imap-on-pop`). */
  received: string[];
  /** Bytes the server wrote in total (`endless`). */
  bytesWritten(): number;
  /** Connections accepted so far, how many of them are open now, and the most that were open at once. */
  connections(): { accepted: number; open: number; peak: number };
  /** Resolves once `n` connections are open at the same time (at once if they are). */
  open(n: number): Promise<void>;
  /** Resolves once every accepted connection has closed (at once if none is open). */
  allClosed(): Promise<void>;
  stop(): Promise<void>;
}

export interface FaultOptions {
  /** Key and certificate files for `tls-on-plain`. */
  cert?: { key: string; cert: string };
  /** CAPA lines for `pop3-plain`. */
  caps?: string[];
}

export async function startFault(kind: FaultKind, opts: FaultOptions = {}): Promise<FaultServer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const received: string[] = [];
  let written = 0;
  let accepted = 0;
  let peak = 0;
  const closedWaiters = new Set<() => void>();
  const openWaiters = new Set<{ n: number; resolve: () => void }>();
  const every = (ms: number, fn: () => void) => {
    const t = setInterval(fn, ms);
    timers.add(t);
    return t;
  };
  const onLines = (s: net.Socket, fn: (line: string) => void) => {
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        received.push(line);
        fn(line);
      }
      if (buf.length > 65536) s.destroy();
    });
  };

  const handle = (s: net.Socket): void => {
    sockets.add(s);
    accepted++;
    peak = Math.max(peak, sockets.size);
    for (const w of openWaiters) {
      if (sockets.size < w.n) continue;
      openWaiters.delete(w);
      w.resolve();
    }
    s.on('error', () => {});
    s.on('close', () => {
      sockets.delete(s);
      if (sockets.size > 0) return;
      for (const resolve of closedWaiters) resolve();
      closedWaiters.clear();
    });
    switch (kind) {
      case 'silent':
        s.on('data', () => {}); // read and ignore, never answer
        break;
      case 'reset': {
        const t = setTimeout(() => {
          s.write('+OK half a gree');
          setTimeout(() => s.resetAndDestroy(), 50);
        }, 300);
        timers.add(t);
        s.once('data', () => {
          clearTimeout(t);
          s.resetAndDestroy();
        });
        break;
      }
      case 'imap-on-pop':
        s.write('* OK [CAPABILITY IMAP4rev1 STARTTLS] fake IMAP server ready\r\n');
        onLines(s, (line) => {
          const tag = line.split(' ', 1)[0] ?? '*';
          s.write(`${tag} BAD this is IMAP\r\n`);
        });
        break;
      case 'endless': {
        const chunk = Buffer.from('220-endless banner line that never reaches its final line, padded padded padded\r\n'.repeat(200));
        const pump = () => {
          while (!s.destroyed && s.writable) {
            written += chunk.length;
            if (!s.write(chunk)) return; // wait for 'drain': the client's reading speed bounds us
          }
        };
        s.on('drain', pump);
        s.on('data', () => {});
        pump();
        break;
      }
      case 'drip': {
        const text = '+OK drip drip drip POP3 server ready\r\n';
        let i = 0;
        every(1000, () => {
          if (i < text.length && !s.destroyed) s.write(text[i++]!);
        });
        s.on('data', () => {});
        break;
      }
      case 'plain-on-tls':
        s.write('+OK plain POP3 server ready\r\n');
        onLines(s, () => s.write('-ERR plain text only\r\n'));
        break;
      case 'smtp-plain':
        s.write('220 plain.test ESMTP no TLS here\r\n');
        onLines(s, (line) => {
          const cmd = line.split(' ', 1)[0]!.toUpperCase();
          if (cmd === 'EHLO') s.write('250-plain.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
          else if (cmd === 'QUIT') s.end('221 bye\r\n');
          else s.write('235 2.7.0 anything goes\r\n');
        });
        break;
      case 'smtp-refuse-ctl':
        s.write(`${CONTROL_GREETING}\r\n`);
        onLines(s, (line) => {
          if (line.toUpperCase().startsWith('QUIT')) s.end('221 bye\r\n');
          else s.write('554 5.7.1 go away\r\n');
        });
        break;
      case 'tls-on-plain':
      case 'old-tls':
      case 'pop3-plain': {
        s.write(kind === 'pop3-plain' ? '+OK plain POP3 ready\r\n' : '+OK POP3 over TLS ready\r\n');
        const caps = opts.caps ?? ['USER', 'TOP'];
        onLines(s, (line) => {
          const cmd = line.split(' ', 1)[0]!.toUpperCase();
          if (cmd === 'CAPA') s.write(`+OK\r\n${caps.map((c) => c + '\r\n').join('')}.\r\n`);
          else if (cmd === 'QUIT') s.end('+OK bye\r\n');
          else s.write('+OK\r\n');
        });
        break;
      }
    }
  };

  let server: net.Server;
  if (kind === 'tls-on-plain' || kind === 'old-tls') {
    if (!opts.cert) throw new Error(`${kind} needs a certificate`);
    const old = kind === 'old-tls' ? { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT@SECLEVEL=0' } : {};
    server = tls.createServer({ key: readFileSync(opts.cert.key), cert: readFileSync(opts.cert.cert), ...old }, (s) => handle(s));
    server.on('tlsClientError', () => {});
  } else {
    server = net.createServer(handle);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    kind,
    port,
    received,
    bytesWritten: () => written,
    connections: () => ({ accepted, open: sockets.size, peak }),
    open: (n) => (sockets.size >= n ? Promise.resolve() : new Promise<void>((resolve) => openWaiters.add({ n, resolve }))),
    allClosed: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => closedWaiters.add(resolve))),
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
