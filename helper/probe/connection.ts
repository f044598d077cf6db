/**
 * One probe connection: the current socket (plain, then TLS after an upgrade), its line reader, the
 * byte budget shared by both, and the run's abort signal. Protocol modules only see this.
 */
import net from 'node:net';
import type tls from 'node:tls';
import { LineReader, type ByteBudget } from './line-reader';
import { ProbeError, toProbeError } from './errors';
import { race } from './deadline';

export class Connection {
  socket: net.Socket | tls.TLSSocket;
  reader: LineReader;
  /** True once the bytes travel inside TLS (implicit port or after STARTTLS). */
  encrypted = false;

  constructor(
    socket: net.Socket | tls.TLSSocket,
    readonly budget: ByteBudget,
    readonly signal: AbortSignal | undefined,
    encrypted = false,
  ) {
    this.socket = socket;
    this.encrypted = encrypted;
    this.reader = new LineReader(socket, budget);
  }

  readLine(until: number, what: string): Promise<string> {
    return this.reader.readLine(until, this.signal, what);
  }

  /**
   * Writes one command line. Callers pass secrets only here, never into stage details. A CR, LF or
   * NUL inside the line would let a value we were given (a user name) end our command and start
   * another: the last guard, whatever the callers checked. The message never quotes the line.
   */
  write(line: string): void {
    if (/[\r\n\0]/.test(line)) throw new ProbeError('BAD_COMMAND', 'refused to send a command with a line break or NUL inside it');
    if (this.socket.destroyed) throw new ProbeError('ECONNCLOSED', 'the connection is closed');
    this.socket.write(line + '\r\n');
  }

  /** Stops reading the plain socket so a TLS socket can take it over. */
  detachForUpgrade(): net.Socket {
    if (this.reader.detach()) {
      // Bytes sent before our TLS handshake would be read as if they came over TLS (CVE-2011-0411 style injection).
      throw new ProbeError('BAD_REPLY', 'the server sent data after accepting STARTTLS');
    }
    return this.socket as net.Socket;
  }

  adopt(secure: tls.TLSSocket): void {
    this.socket = secure;
    this.reader = new LineReader(secure, this.budget);
    this.encrypted = true;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** TCP connect to the first address that answers, in the order DNS gave them. */
export async function connectTcp(
  addresses: readonly string[],
  port: number,
  until: number,
  signal: AbortSignal | undefined,
): Promise<{ socket: net.Socket; address: string }> {
  let last: ProbeError | undefined;
  for (const address of addresses) {
    const socket = net.connect({ host: address, port });
    socket.on('error', () => {}); // read through the promise below and the line reader later
    try {
      await race(
        new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('error', (e) => reject(toProbeError(e)));
        }),
        until,
        signal,
        `TCP connect to ${address}:${port}`,
      );
      socket.setNoDelay(true);
      return { socket, address };
    } catch (e) {
      socket.destroy();
      last = toProbeError(e);
      // A timeout or a cancel ends the stage; a refusal lets the next address try.
      if (last.code === 'ETIMEDOUT' || last.code === 'ABORTED') throw last;
    }
  }
  throw last ?? new ProbeError('ENOTFOUND', 'no address to connect to');
}
