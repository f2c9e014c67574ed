import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { epochNow } from '../recorder/clock';
import type { ServerConnectionRecord } from './connection-log';
import { answerAsPlainHttp, upgradeHandlers } from './handlers';

const recorderSource = readFileSync(path.join(__dirname, '..', 'recorder', 'page.js'), 'utf8');
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
  private readonly connections = new Map<string, ServerConnection>();
  private readonly arrivals = new Map<string, (c: ServerConnection) => void>();
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: true });

  private constructor(private readonly http: Server, readonly origin: string) {
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

  /** Starts a server on 127.0.0.1, port 0. */
  static async start(): Promise<LabServer> {
    const http = createServer();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    return new LabServer(http, `http://127.0.0.1:${port}`);
  }

  /** The URL of a WebSocket endpoint; `tag` names the connection so a test can find it on both sides. */
  wsUrl(handler: keyof typeof upgradeHandlers, tag: string): string {
    return `${this.origin.replace('http', 'ws')}${handler}?tag=${encodeURIComponent(tag)}`;
  }

  /** A ws:// URL on loopback where nothing listens, so the connection is refused (RST to the SYN). */
  async refusedUrl(): Promise<string> {
    const probe = createNetServer();
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>(resolve => probe.close(() => resolve()));
    return `ws://127.0.0.1:${port}/ws`;
  }

  /** Resolves with the connection tagged `tag` once the handshake completed on the server. */
  connection(tag: string, timeoutMs = 10_000): Promise<ServerConnection> {
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
    for (const ws of this.wss.clients) ws.terminate();
    this.connections.clear();
    this.arrivals.clear();
  }

  async close(): Promise<void> {
    this.reset();
    this.http.closeAllConnections();
    await new Promise<void>(resolve => this.http.close(() => resolve()));
  }

  private httpOnUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.origin);
    const handler = upgradeHandlers[url.pathname];
    if (handler === 'plain-http') return answerAsPlainHttp(req, socket);
    if (handler !== 'websocket') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const tag = url.searchParams.get('tag') ?? '';
    this.wss.handleUpgrade(req, socket, head, ws => this.wssOnConnection(ws, socket, tag, url.pathname));
  }

  private wssOnConnection(ws: WebSocket, socket: Socket, tag: string, handler: string): void {
    const record: ServerConnectionRecord = {
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
    const connection = new ServerConnection(record, ws, socket);
    this.connections.set(tag, connection);
    ws.on('message', data => record.received.push(data.toString()));
    // ws reports 1006 when no close frame arrived; only a received frame counts as one here.
    ws.on('close', (code, reason) => {
      if (code !== 1006) record.closeFrame = { code, reason: reason.toString(), at: epochNow() };
    });
    socket.on('close', () => (record.socketClosedAt = epochNow()));
    ws.on('error', () => {});
    this.arrivals.get(tag)?.(connection);
    this.arrivals.delete(tag);
  }
}
