/**
 * A stand-in for a Mail2000 server's greetings (no real Mail2000 can run here): plain POP3 that
 * greets `+OK MPOP3D V8.0 …` with CAPA (UIDL, no STLS) and plain SMTP that greets
 * `220 … Mail2000 ESMTP Server`, on one loopback address. Enough for the probe to see the banners;
 * it accepts no login.
 */
import net from 'node:net';

export interface Mail2000Greeter {
  stop(): Promise<void>;
}

export async function startMail2000Greeter(
  address: string,
  ports: { pop3?: number; smtp?: number },
  name = 'mail2000.test',
): Promise<Mail2000Greeter> {
  const sockets = new Set<net.Socket>();
  const lines = (s: net.Socket, fn: (cmd: string) => void) => {
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        fn(line.split(' ', 1)[0]!.toUpperCase());
      }
      if (buf.length > 8192) s.destroy();
    });
  };
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  };
  const servers: net.Server[] = [];
  if (ports.pop3) {
    servers.push(
      net.createServer((s) => {
        track(s);
        s.write('+OK MPOP3D V8.0 POP3 server ready\r\n');
        lines(s, (cmd) => {
          if (cmd === 'CAPA') s.write('+OK Capability list follows\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n');
          else if (cmd === 'QUIT') s.end('+OK MPOP3D signing off\r\n');
          else s.write('-ERR not here\r\n');
        });
      }),
    );
    await listen(servers.at(-1)!, ports.pop3, address);
  }
  if (ports.smtp) {
    servers.push(
      net.createServer((s) => {
        track(s);
        s.write(`220 ${name} Mail2000 ESMTP Server ready\r\n`);
        lines(s, (cmd) => {
          if (cmd === 'EHLO') s.write(`250-${name}\r\n250-PIPELINING\r\n250 8BITMIME\r\n`);
          else if (cmd === 'QUIT') s.end('221 bye\r\n');
          else s.write('502 not here\r\n');
        });
      }),
    );
    await listen(servers.at(-1)!, ports.smtp, address);
  }
  return {
    stop: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((srv) => new Promise<void>((r) => srv.close(() => r()))));
    },
  };
}

function listen(server: net.Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
}

/** Accepts on every given port and never says a word: a server behind a firewall that lets SYN through. */
export async function startBlackHole(address: string, ports: number[]): Promise<Mail2000Greeter> {
  const sockets = new Set<net.Socket>();
  const servers = ports.map((p) =>
    net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('data', () => {});
      s.on('close', () => sockets.delete(s));
    }),
  );
  await Promise.all(servers.map((srv, i) => listen(srv, ports[i]!, address)));
  return {
    stop: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((srv) => new Promise<void>((r) => srv.close(() => r()))));
    },
  };
}
