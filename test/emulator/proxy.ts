// A forward proxy in front of the emulator, as a company proxy would be: it tunnels CONNECT and
// forwards absolute-form requests, whatever host they name, to the emulator's port, so a client can
// use a host name that is not loopback (loopback always goes direct). Faults: refuse every tunnel
// with a status (407, 403, 502), or ask for a user and password.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyFaults {
  /** Answer every CONNECT and forwarded request with this status instead of passing it on. */
  proxyRefuse?: number;
  /** `user:password` the proxy wants in Proxy-Authorization (Basic); 407 otherwise. */
  proxyAuth?: string;
}

export interface ProxyCounters {
  /** CONNECTs and forwarded requests passed on to the emulator. */
  proxied: number;
  /** Those answered with a refusal instead. */
  proxyRefused: number;
  /** User names seen in Proxy-Authorization ('' for none), with counts. */
  proxyUsers: Record<string, number>;
}

export class EmulatorProxy {
  url = '';
  counters: ProxyCounters = { proxied: 0, proxyRefused: 0, proxyUsers: {} };
  private readonly server: Server;

  constructor(private readonly target: () => number, private readonly faults: () => ProxyFaults) {
    this.server = createServer((req, res) => {
      const refusal = this.refusal(req);
      if (refusal) {
        req.resume();
        res.writeHead(refusal, refusal === 407 ? { 'Proxy-Authenticate': 'Basic realm="proxy"' } : {});
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://invalid');
      const upstream = httpRequest({ host: '127.0.0.1', port: this.target(), path: url.pathname + url.search, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    this.server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', () => undefined);
      const refusal = this.refusal(req);
      if (refusal) {
        socket.end(`HTTP/1.1 ${refusal} Refused\r\n${refusal === 407 ? 'Proxy-Authenticate: Basic realm="proxy"\r\n' : ''}Content-Length: 0\r\n\r\n`);
        return;
      }
      const upstream = connect(this.target(), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.counters = { proxied: 0, proxyRefused: 0, proxyUsers: {} };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The status to refuse this request with, or undefined to pass it on; counts either way. */
  private refusal(req: IncomingMessage): number | undefined {
    const faults = this.faults();
    const given = /^Basic (.+)$/i.exec(String(req.headers['proxy-authorization'] ?? ''))?.[1];
    const credentials = given ? Buffer.from(given, 'base64').toString('utf8') : '';
    const user = credentials.split(':')[0] ?? '';
    this.counters.proxyUsers[user] = (this.counters.proxyUsers[user] ?? 0) + 1;
    const status = faults.proxyRefuse ?? (faults.proxyAuth !== undefined && credentials !== faults.proxyAuth ? 407 : undefined);
    if (status) {
      this.counters.proxyRefused += 1;
    } else {
      this.counters.proxied += 1;
    }
    return status;
  }
}
