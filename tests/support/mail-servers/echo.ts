/**
 * A hostile mail server on loopback: POP3, IMAP or SMTP over implicit TLS that refuses every login
 * and echoes the lines that carried the credential back at the client, wherever a server's text can
 * reach a report: in the answer to the login itself, in the answer to QUIT/LOGOUT, and, on later
 * connections, in the greeting and the capability list (the servers of one test share what they
 * heard, as one hostile host behind several ports would). Every echo is padded so that the first
 * secret form in it straddles `clipAt` (the probe cuts server lines at 300 characters), leaving
 * `keep` characters of it before the cut.
 *
 * - `pop3`: CAPA lists USER, and `SASL PLAIN` when `sasl` is set (then the client uses AUTH PLAIN).
 * - `imap`: LOGIN with a quoted or literal password.
 * - `smtp`: EHLO offers `AUTH PLAIN LOGIN`, or only `AUTH LOGIN` when `smtpLoginOnly` is set.
 * - `refuseGreeting`: the greeting itself refuses the client, echoing what was heard so far.
 */
import tls from 'node:tls';
import type net from 'node:net';
import { readFileSync } from 'node:fs';

export interface EchoOptions {
  protocol: 'pop3' | 'imap' | 'smtp';
  cert: { key: string; cert: string };
  /** The forms of the secret, to aim the padding at (the server itself would not know them). */
  aimAt: readonly string[];
  /** Lines that carried the credential, shared between servers; echoed in later greetings. */
  heard: string[];
  clipAt?: number;
  keep?: number;
  sasl?: boolean;
  smtpLoginOnly?: boolean;
  /** Refuse in the greeting (`-ERR`, `* BYE`, `554`), echoing what was heard so far, cut at `clipAt`. */
  refuseGreeting?: boolean;
}

export interface EchoServer {
  port: number;
  /** Every line this server received, in order. */
  received: string[];
  stop(): Promise<void>;
}

export async function startEcho(o: EchoOptions): Promise<EchoServer> {
  const clipAt = o.clipAt ?? 300;
  const keep = o.keep ?? 6;
  const received: string[] = [];
  const sockets = new Set<net.Socket>();

  /**
   * `prefix` + dots + `echo`, so that a cut after `cut` characters (counted from `from` in the line:
   * the probe cuts some answers after their tag) falls `keep` characters into the first secret.
   */
  const padded = (prefix: string, echo: string, cut = clipAt, from = 0): string => {
    const at = o.aimAt.map((f) => echo.indexOf(f)).filter((i) => i >= 0);
    const start = at.length ? Math.min(...at) : 0;
    const pad = Math.max(0, cut - keep - (prefix.length - from) - start);
    return `${prefix}${'.'.repeat(pad)}${echo}`;
  };
  /** The probe keeps 120 characters of a QUIT answer, 1024 of a greeting, 256 of a capability. */
  const QUIT_CUT = 120;
  const GREETING_CUT = 1024;
  const CAP_CUT = 256;
  const lastHeard = (): string => o.heard.at(-1) ?? 'nothing heard yet';
  const hear = (line: string) => {
    o.heard.push(line);
  };

  const handle = (s: tls.TLSSocket): void => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    const send = (...lines: string[]) => {
      if (!s.destroyed) s.write(lines.map((l) => l + '\r\n').join(''));
    };
    let smtpLogin = 0;
    const onLine = (line: string): void => {
      received.push(line);
      if (o.protocol === 'pop3') {
        const cmd = line.split(' ', 1)[0]!.toUpperCase();
        if (cmd === 'CAPA')
          return send('+OK', 'USER', 'UIDL', ...(o.sasl ? ['SASL PLAIN'] : []), padded('X-ECHO ', lastHeard(), CAP_CUT), '.');
        if (cmd === 'USER') return send('+OK');
        if (cmd === 'PASS' || cmd === 'AUTH') {
          hear(line);
          return send(padded('-ERR ', line));
        }
        if (cmd === 'QUIT') {
          s.end(padded('+OK ', lastHeard(), QUIT_CUT) + '\r\n');
          return;
        }
        return send(padded('-ERR ', line));
      }
      if (o.protocol === 'imap') {
        const [tag = '*', cmdRaw = ''] = line.split(' ', 2);
        const cmd = cmdRaw.toUpperCase();
        if (cmd === 'CAPABILITY')
          return send(`* CAPABILITY IMAP4rev1 AUTH=PLAIN X-ECHO-${lastHeard().replace(/\s+/g, '_')}`, `${tag} OK done`);
        if (cmd === 'LOGIN') {
          hear(line);
          return send(padded(`${tag} NO `, line, clipAt, `${tag} `.length));
        }
        if (cmd === 'LOGOUT') {
          send(padded('* BYE ', lastHeard()));
          s.end(padded(`${tag} OK `, lastHeard(), QUIT_CUT) + '\r\n');
          return;
        }
        return send(padded(`${tag} BAD `, line));
      }
      // SMTP
      if (smtpLogin === 1) {
        smtpLogin = 2;
        hear(line);
        return send('334 UGFzc3dvcmQ6');
      }
      if (smtpLogin === 2) {
        smtpLogin = 0;
        hear(line);
        return send(padded('535 ', line));
      }
      const cmd = line.split(' ', 1)[0]!.toUpperCase();
      if (cmd === 'EHLO')
        return send('250-echo.example', `250-X-ECHO ${lastHeard()}`, o.smtpLoginOnly ? '250 AUTH LOGIN' : '250 AUTH PLAIN LOGIN');
      if (cmd === 'AUTH' && /^AUTH LOGIN$/i.test(line)) {
        smtpLogin = 1;
        return send('334 VXNlcm5hbWU6');
      }
      if (cmd === 'AUTH') {
        hear(line);
        return send(padded('535 ', line));
      }
      if (cmd === 'QUIT') {
        s.end(padded('221 ', lastHeard(), QUIT_CUT) + '\r\n');
        return;
      }
      return send(padded('500 ', line));
    };
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        onLine(line);
      }
      if (buf.length > 65536) s.destroy();
    });
    if (o.refuseGreeting) {
      const refusal = { pop3: '-ERR ', imap: '* BYE ', smtp: '554 ' }[o.protocol];
      s.end(padded(refusal, `go away ${lastHeard()}`) + '\r\n');
      return;
    }
    const greeting = { pop3: '+OK ', imap: '* OK ', smtp: '220 ' }[o.protocol];
    send(padded(greeting, `echo server ready ${lastHeard()}`, GREETING_CUT));
  };

  const server = tls.createServer({ key: readFileSync(o.cert.key), cert: readFileSync(o.cert.cert) }, handle);
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
