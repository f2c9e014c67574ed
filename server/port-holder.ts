import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * Ports nothing can listen on, by construction: each is the local end of a connection of ours to a listener that
 * keeps it open, so no listener (of ours or anyone's) can bind it, and a connected socket never accepts a SYN — a
 * connection to it is refused (RST to the SYN), not served by whoever took a free port meanwhile.
 */
export class PortHolder {
  private readonly held = new Set<Socket>();
  private listener: Server | undefined;

  constructor(private readonly host: string) {}

  /** A port on the host that refuses connections until release(). */
  async hold(): Promise<number> {
    this.listener ??= await new Promise<Server>(resolve => {
      const listener = createServer(socket => this.held.add(socket.on('error', () => {})));
      listener.listen(0, this.host, () => resolve(listener));
    });
    const holder = createConnection({ host: this.host, port: (this.listener.address() as AddressInfo).port });
    await new Promise<void>((resolve, reject) => holder.once('connect', resolve).once('error', reject));
    this.held.add(holder.on('error', () => {}));
    return holder.localPort ?? 0;
  }

  /** Lets every held port go. */
  release(): void {
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }

  /** Lets the ports go and closes the listener. */
  close(): void {
    this.release();
    this.listener?.close();
  }
}
