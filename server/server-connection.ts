import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { epochNow } from '../core/clock';
import type { ServerConnectionRecord } from './connection-log';

/**
 * One connection accepted by the correct server (ws), recorded as the server sees it, and the faults the server can
 * apply to it; each names exactly what it does. (./raw-websocket is the hand-written server's counterpart.)
 */
export class ServerConnection {
  constructor(
    readonly record: ServerConnectionRecord,
    private readonly ws: WebSocket,
    private readonly socket: Socket,
  ) {
    ws.on('message', data => record.received.push({ data: data.toString(), at: epochNow() }));
    // ws reports 1006 when no close frame arrived; only a received frame counts as one here.
    ws.on('close', (code, reason) => {
      if (code !== 1006) record.closeFrame = { code, reason: reason.toString(), at: epochNow() };
    });
    socket.on('close', () => {
      record.socketClosedAt = epochNow();
    });
    ws.on('error', () => {});
  }

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
}
