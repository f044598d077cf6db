/**
 * For Firefox, where no request interception is available to us: a local HTTPS server that answers
 * as mail.google.com (self-signed certificate), and a CONNECT proxy that tunnels only
 * mail.google.com:443 to it. Firefox is pointed at the proxy with a PAC `data:` URL. Every other
 * CONNECT or plain proxy request is refused, so nothing leaves the machine. More fake sites (a
 * Mail2000 webmail at a known site's name) can be served by the same server and proxy: `sites`.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { resolveFakeGmail, type FakeRoutes } from './fake-gmail';
import { tempDir } from './chromium';
import { selfSignedCert } from '../mail-servers/certs';

export const FAKE_HOST = 'mail.google.com';

export interface FakeGmailServer {
  /** Port of the CONNECT proxy on 127.0.0.1. */
  proxyPort: number;
  /** Port of the HTTPS server on 127.0.0.1 (answers for mail.google.com). */
  httpsPort: number;
  /** Firefox prefs that send mail.google.com through the proxy (and everything else to the same refusing proxy). */
  prefs: Record<string, string | number | boolean>;
  /** Replace the routes while running. */
  setRoutes(routes: FakeRoutes): void;
  /** Every path requested so far, for assertions. */
  requests: string[];
  /** Every request to the other sites: `METHOD host/path?query`. */
  siteRequests: string[];
  /** Replace one other site's routes while running. */
  setSiteRoutes(host: string, routes: FakeRoutes): void;
  close(): Promise<void>;
}

/** A throwaway certificate for mail.google.com and the other sites; openssl is a Debian base package (and in .ci/run). */
const makeCert = (hosts: string[]): { key: string; cert: string } => {
  const dir = tempDir('cert-');
  try {
    const san = hosts.map((h) => `DNS:${h}`).join(',');
    const files = selfSignedCert(dir, 'gmail', { subject: `/CN=${FAKE_HOST}`, days: 2, extensions: [`subjectAltName=${san}`] });
    return { key: readFileSync(files.key, 'utf8'), cert: readFileSync(files.cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const listen = (server: HttpsServer | HttpServer): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

export async function startFakeGmailServer(initial: FakeRoutes = {}, sites: Record<string, FakeRoutes> = {}): Promise<FakeGmailServer> {
  let routes = initial;
  const siteRoutes = new Map(Object.entries(sites));
  const requests: string[] = [];
  const siteRequests: string[] = [];
  const sockets = new Set<Socket>();
  const hosts = [FAKE_HOST, ...siteRoutes.keys()];
  const https = createHttpsServer(makeCert(hosts), (req, res) => {
    const host = (req.headers.host ?? FAKE_HOST).replace(/:443$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    // The request's body is not needed by any route; read it so the connection is reused.
    req.resume();
    if (host !== FAKE_HOST && siteRoutes.has(host)) {
      siteRequests.push(`${req.method} ${host}${url.pathname}${url.search}`);
      const r = resolveFakeGmail(siteRoutes.get(host)!, url, req.method);
      res.writeHead(r.status, r.headers).end(r.body);
      return;
    }
    requests.push(url.pathname + url.search);
    const r = resolveFakeGmail(routes, url, req.method);
    res.writeHead(r.status, r.headers).end(r.body);
  });
  const httpsPort = await listen(https);

  const proxy = createHttpServer((_req, res) => {
    res.writeHead(403).end('plain proxy requests are refused');
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!hosts.some((h) => req.url === `${h}:443`)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(httpsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  const proxyPort = await listen(proxy);

  const pac = `function FindProxyForURL(url, host) { if (host === "localhost" || host === "127.0.0.1") return "DIRECT"; return "PROXY 127.0.0.1:${proxyPort}"; }`;
  return {
    proxyPort,
    httpsPort,
    requests,
    siteRequests,
    setSiteRoutes: (host, r) => void siteRoutes.set(host, r),
    prefs: {
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(pac)}`,
      // Don't let Firefox bypass the PAC for its own DNS lookups of mail.google.com.
      'network.proxy.socks_remote_dns': true,
      'network.trr.mode': 5,
    },
    setRoutes: (r) => {
      routes = r;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      https.closeAllConnections();
      proxy.closeAllConnections();
      await Promise.all([new Promise((r) => https.close(r)), new Promise((r) => proxy.close(r))]);
    },
  };
}
