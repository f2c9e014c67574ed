import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { epochNow } from '../core/clock';
import type { ServerConnectionRecord } from './connection-log';
import { answerAsPlainHttp, unofferedSubprotocol, upgradeHandlers, type HandlerPath } from './handlers';
import { ClockPeer } from './clock-peer';
import { PortHolder } from './port-holder';
import { RawConnection } from './raw-websocket';
import { selfSignedCertificate } from './tls';

// The recorder and, on top of it, the page's own heartbeat (an application's code, not the recorder's).
const recorderSource = ['page.js', 'heartbeat.js'].map(f => readFileSync(path.join(__dirname, '..', 'recorder', f), 'utf8')).join('\n');
const labPage = '<!doctype html><meta charset="utf-8"><title>wslab</title><script src="/recorder.js"></script><p>wslab</p>';

/** One accepted connection and the faults the server can apply to it; each names exactly what it does. */
export class ServerConnection {
  constructor(
    readonly record: ServerConnectionRecord,
    private readonly ws: WebSocket,
    private readonly socket: Socket,
  ) {}

  private mark(name: string): number {
    const at = epochNow();
    this.record.fault = { name, at };
    return at;
  }

  /** Starts the closing handshake: a close frame with `code` and `reason`, or with no status at all when code is omitted. */
  closeHandshake(code?: number, reason?: string): number {
    const at = this.mark(code === undefined ? 'close-handshake(no-status)' : `close-handshake(${code})`);
    this.ws.close(code, reason);
    return at;
  }

  /** A slow server: starts the closing handshake only `delayMs` after being told to. */
  closeHandshakeAfter(delayMs: number, code?: number, reason?: string): number {
    const at = this.mark(`close-handshake-after(${delayMs} ms)`);
    setTimeout(() => this.ws.close(code, reason), delayMs);
    return at;
  }

  /** Ends the TCP stream (FIN) without any close frame. */
  endStream(): number {
    const at = this.mark('end-stream(FIN)');
    this.socket.end();
    return at;
  }

  /** Resets the TCP connection (RST) without any close frame. */
  resetStream(): number {
    const at = this.mark('reset-stream(RST)');
    this.socket.resetAndDestroy();
    return at;
  }

  send(data: string): void {
    this.ws.send(data);
  }
}

/** The bundled server: the lab page and WebSocket endpoints on loopback, one per worker, with a typed control API. */
export class LabServer {
  private readonly connections = new Map<string, ServerConnection | RawConnection>();
  private readonly arrivals = new Map<string, (c: ServerConnection | RawConnection) => void>();
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: true });
  private readonly sockets = new Set<Socket>();
  private readonly extraServers = new Set<Server>();
  /** Pages' clock-sync sockets (not lab connections: they are never in records()). */
  private readonly clockPeers = new Map<string, ClockPeer>();
  private readonly clockArrivals = new Map<string, (peer: ClockPeer | null) => void>();
  private readonly refusedPorts: PortHolder;
  private certificate: ReturnType<typeof selfSignedCertificate> | undefined;
  /** Serving on a listener handed over from a namespace, where this process can open no other. */
  private adopted = false;

  private constructor(
    private readonly http: Server,
    private readonly host: string,
    readonly origin: string,
  ) {
    this.refusedPorts = new PortHolder(host);
    this.serve(http);
  }

  /** The page, the recorder and the upgrade handlers, on any listening server of the lab's. */
  private serve(http: Server): void {
    http.on('request', (req, res) => {
      if (req.url === '/recorder.js') {
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        res.end(recorderSource);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(labPage);
      }
    });
    http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.httpOnUpgrade(req, socket, head));
  }

  /** Starts a server on port 0 of `host` (loopback). */
  static async start(host = '127.0.0.1'): Promise<LabServer> {
    const http = createServer();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, host, () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    return new LabServer(http, host, `http://${host}:${port}`);
  }

  /**
   * Serves on a socket that already listens, made elsewhere: in a lab namespace (../faults/netns), whose
   * address this process cannot bind. Extra endpoints (freshEndpoint, refusedOrigin) are not available there.
   */
  static adopt(listener: NetServer): LabServer {
    const http = createServer();
    listener.on('connection', socket => http.emit('connection', socket));
    http.on('close', () => listener.close());
    const { address, port } = listener.address() as AddressInfo;
    const server = new LabServer(http, address, `http://${address}:${port}`);
    server.adopted = true;
    return server;
  }

  /** The URL of a WebSocket endpoint; `tag` names the connection so a test can find it on both sides. */
  wsUrl(handler: HandlerPath, tag: string, origin = this.origin.replace('http', 'ws')): string {
    return `${origin}${handler}?tag=${encodeURIComponent(tag)}`;
  }

  /**
   * An extra listener on a fresh port with the same handlers, closed at the next reset(). Browsers back off
   * from an endpoint that failed before (RFC 6455 §7.2.3), so each failure that is timed gets its own.
   * `tls` serves a self-signed certificate made at run time, which no browser trusts.
   */
  async freshEndpoint(tls = false): Promise<string> {
    this.assertOwnHost('freshEndpoint');
    const server = tls ? createHttpsServer(await (this.certificate ??= selfSignedCertificate())) : createServer();
    this.serve(server);
    this.extraServers.add(server);
    await new Promise<void>(resolve => server.listen(0, this.host, resolve));
    return `${tls ? 'wss' : 'ws'}://${this.host}:${(server.address() as AddressInfo).port}`;
  }

  /** A ws:// origin on the server's host that refuses connections by construction (./port-holder), until reset(). */
  async refusedOrigin(): Promise<string> {
    this.assertOwnHost('refusedOrigin');
    return `ws://${this.host}:${await this.refusedPorts.hold()}`;
  }

  private assertOwnHost(what: string): void {
    if (this.adopted) throw new Error(`LabServer.${what}() needs a listener of its own, which a server adopted from a lab namespace cannot open; use a loopback server.`);
  }

  /** Resolves with the connection tagged `tag` once the handshake completed on the server. */
  connection(tag: string, timeoutMs = 10_000): Promise<ServerConnection | RawConnection> {
    const known = this.connections.get(tag);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.arrivals.delete(tag);
        reject(new Error(`the server saw no WebSocket connection tagged "${tag}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.arrivals.set(tag, c => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  /** Every connection seen since the last reset(), as the server saw it. */
  records(): ServerConnectionRecord[] {
    return [...this.connections.values()].map(c => c.record);
  }

  /** Forgets every connection and destroys any still open, so a test starts from nothing. */
  reset(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const server of this.extraServers) {
      server.closeAllConnections();
      server.close();
    }
    this.extraServers.clear();
    this.refusedPorts.release();
    this.connections.clear();
    this.arrivals.clear();
    this.clockPeers.clear();
    for (const arrived of this.clockArrivals.values()) arrived(null);
    this.clockArrivals.clear();
  }

  async close(): Promise<void> {
    this.reset();
    this.refusedPorts.close();
    this.http.closeAllConnections();
    await new Promise<void>(resolve => this.http.close(() => resolve()));
  }

  private httpOnUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.origin);
    const handler = upgradeHandlers[url.pathname as HandlerPath];
    const tag = url.searchParams.get('tag') ?? '';
    if (handler === 'plain-http') return answerAsPlainHttp(req, socket);
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    if (handler === 'clock-sync') {
      this.wss.handleUpgrade(req, socket, head, ws => this.clockPeerArrived(tag, new ClockPeer(ws.on('error', () => {}))));
      return;
    }
    const record = this.newRecord(tag, url.pathname, socket);
    if (handler === 'websocket') {
      this.wss.handleUpgrade(req, socket, head, ws => this.wssOnConnection(ws, socket, record));
      return;
    }
    const raw = RawConnection.accept(req, socket, record, handler === 'select-unoffered-subprotocol' ? unofferedSubprotocol : undefined);
    if (handler === 'fin-after-101') raw.endStream();
    this.arrive(tag, raw);
  }

  private clockPeerArrived(tag: string, peer: ClockPeer): void {
    this.clockPeers.set(tag, peer);
    this.clockArrivals.get(tag)?.(peer);
    this.clockArrivals.delete(tag);
  }

  /** The clock-sync socket of the page that opened `/sync?tag=<tag>`, once it is connected. */
  clockPeer(tag: string, timeoutMs = 10_000): Promise<ClockPeer> {
    const known = this.clockPeers.get(tag);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.clockArrivals.delete(tag);
        reject(new Error(`no clock-sync socket tagged "${tag}" within ${timeoutMs} ms`));
      }, timeoutMs);
      // A reset ends the wait with the test it belonged to, so no timer outlives it into the next test.
      this.clockArrivals.set(tag, peer => {
        clearTimeout(timer);
        if (peer) resolve(peer);
      });
    });
  }

  private newRecord(tag: string, handler: string, socket: Socket): ServerConnectionRecord {
    return {
      tag,
      handler,
      openedAt: epochNow(),
      localPort: socket.localPort ?? 0,
      remotePort: socket.remotePort ?? 0,
      received: [],
      closeFrame: null,
      socketClosedAt: null,
      fault: null,
    };
  }

  private arrive(tag: string, connection: ServerConnection | RawConnection): void {
    this.connections.set(tag, connection);
    this.arrivals.get(tag)?.(connection);
    this.arrivals.delete(tag);
  }

  private wssOnConnection(ws: WebSocket, socket: Socket, record: ServerConnectionRecord): void {
    const connection = new ServerConnection(record, ws, socket);
    ws.on('message', data => record.received.push({ data: data.toString(), at: epochNow() }));
    // ws reports 1006 when no close frame arrived; only a received frame counts as one here.
    ws.on('close', (code, reason) => {
      if (code !== 1006) record.closeFrame = { code, reason: reason.toString(), at: epochNow() };
    });
    socket.on('close', () => (record.socketClosedAt = epochNow()));
    ws.on('error', () => {});
    this.arrive(record.tag, connection);
  }
}
