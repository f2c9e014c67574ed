import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';
import { epochNow } from '../core/clock';

/**
 * A live but slow path on loopback: a TCP relay in front of a server that, once told to, holds every byte back a
 * fixed time in each direction (toxiproxy's latency toxic). The delay is constant and the byte order kept, so the
 * round trip through it is twice the delay plus loopback, and nothing is lost. TCP on either side sees loopback:
 * only what the two ends say to each other is late. (The kernel here has no netem; a relay works on any machine.)
 */
export class DelayRelay {
  private oneWayMs = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    /** The port the page connects to. */
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1, port 0, relaying each connection to `upstreamPort` on 127.0.0.1, at first without delay. */
  static async start(upstreamPort: number): Promise<DelayRelay> {
    let relay: DelayRelay | undefined;
    // Half-open: one side's end is passed on after the delay, not answered at once by Node.
    const server = createServer({ allowHalfOpen: true }, client => relay!.serverOnConnection(client, upstreamPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    relay = new DelayRelay(server, (server.address() as AddressInfo).port);
    return relay;
  }

  /** From now on every byte arriving from either side is passed on `oneWayMs` later. */
  delay(oneWayMs: number): void {
    this.oneWayMs = oneWayMs;
  }

  private serverOnConnection(client: Socket, upstreamPort: number): void {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {});
    }
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  /** Passes what `from` sends, its end or its reset, on to `to` after the delay in force when it arrived, in order. */
  private pipe(from: Socket, to: Socket): void {
    const queue: { due: number; what: Buffer | 'end' | 'reset' }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      timer = undefined;
      while (queue.length && queue[0].due <= epochNow()) {
        const { what } = queue.shift()!;
        if (what === 'end') to.end();
        else if (what === 'reset') to.resetAndDestroy();
        else to.write(what);
      }
      if (queue.length) timer = setTimeout(pump, queue[0].due - epochNow());
    };
    const take = (what: Buffer | 'end' | 'reset') => {
      queue.push({ due: epochNow() + this.oneWayMs, what });
      if (!timer) pump();
    };
    from.on('data', chunk => take(chunk));
    from.on('end', () => take('end'));
    from.on('close', hadError => hadError && take('reset'));
  }

  /** Stops listening and drops every relayed connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
